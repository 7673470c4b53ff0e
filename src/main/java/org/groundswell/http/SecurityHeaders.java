package org.groundswell.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;

/**
 * Headers on every answer of the public port, set just before they are written: {@code nosniff} everywhere;
 * {@code Referrer-Policy: same-origin} unless the answer set its own (a Referer only to ourselves: an older browser
 * that sends no Origin still proves with it where a form comes from; the pages with a token in their URL say
 * {@link #NO_REFERRER}, so the token never travels on); a strict Content-Security-Policy on HTML (no script at all,
 * no framing, forms only to ourselves), and HSTS when the public URL is https. The one answer that may be framed
 * is a campaign's signing widget: it comes with the policy {@link #framedBy} made for it (frame-ancestors from the
 * campaign's embed origins), which is kept, and without {@code X-Frame-Options}; any other policy an answer set is
 * replaced by the strict one.
 */
@ApplicationScoped
public class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private static final String FRAMED_PREFIX = "default-src 'self'; frame-ancestors ";
    private static final String FRAMED_SUFFIX = "; form-action 'self'; base-uri 'none'";
    /** What {@link #framedBy} puts between them: origins validated by the campaign service, or {@code https:}. */
    private static final java.util.regex.Pattern FRAME_SOURCES = java.util.regex.Pattern.compile("[a-z0-9:/.\\[\\] -]+");

    public static final String REFERRER_POLICY = "Referrer-Policy";
    /** What the pages with a token in their URL send instead of {@code same-origin}. */
    public static final String NO_REFERRER = "no-referrer";

    private final boolean https;

    public SecurityHeaders(GroundswellConfig config) {
        this.https = config.publicBaseUrl().startsWith("https:");
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.SECURITY_HEADERS).handler(this::addOnWrite);
    }

    void addOnWrite(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> add(context.response().headers()));
        context.next();
    }

    /**
     * The policy of a page that the given origins may frame (bare origins as {@code campaign.EmbedOrigins} keeps
     * them), or any https: page when there are none: otherwise as strict as every other page.
     */
    public static String framedBy(java.util.List<String> origins) {
        String sources = origins.isEmpty() ? "https:" : String.join(" ", origins);
        if (!FRAME_SOURCES.matcher(sources).matches()) {
            throw new IllegalArgumentException("Not origins: " + sources);
        }
        return FRAMED_PREFIX + sources + FRAMED_SUFFIX;
    }

    static boolean isFramingPolicy(String policy) {
        return policy != null && policy.startsWith(FRAMED_PREFIX) && policy.endsWith(FRAMED_SUFFIX)
                && policy.length() > FRAMED_PREFIX.length() + FRAMED_SUFFIX.length()
                && FRAME_SOURCES.matcher(policy.substring(FRAMED_PREFIX.length(), policy.length() - FRAMED_SUFFIX.length())).matches();
    }

    void add(MultiMap headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        if (!headers.contains(REFERRER_POLICY)) {
            headers.set(REFERRER_POLICY, "same-origin");
        }
        String type = headers.get("Content-Type");
        if (type != null && type.startsWith("text/html")) {
            if (isFramingPolicy(headers.get("Content-Security-Policy"))) {
                headers.remove("X-Frame-Options"); // the widget: its frame-ancestors say who may frame it
            } else {
                headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                headers.set("X-Frame-Options", "DENY");
            }
        }
        if (https) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
    }
}

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
 * no framing, forms only to ourselves), and HSTS when the public URL is https.
 */
@ApplicationScoped
public class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

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

    void add(MultiMap headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        if (!headers.contains(REFERRER_POLICY)) {
            headers.set(REFERRER_POLICY, "same-origin");
        }
        String type = headers.get("Content-Type");
        if (type != null && type.startsWith("text/html")) {
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Frame-Options", "DENY");
        }
        if (https) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
    }
}

package org.groundswell.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;

/**
 * Headers on every answer of the public port, set just before they are written: {@code nosniff} and
 * {@code Referrer-Policy: no-referrer} everywhere (a token in a URL never travels on in a Referer), a strict
 * Content-Security-Policy on HTML (no script at all, no framing, forms only to ourselves), and HSTS when the
 * public URL is https.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final boolean https;

    public SecurityHeaders(GroundswellConfig config) {
        this.https = config.publicBaseUrl().startsWith("https:");
    }

    void install(@Observes Router router) {
        router.route().order(-3).handler(this::addOnWrite);
    }

    void addOnWrite(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> add(context.response().headers()));
        context.next();
    }

    void add(MultiMap headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
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

package org.groundswell.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.security.SignedLinks;

/**
 * The RFC 8058 one-click unsubscribe: {@code POST /u/{token}}, sent by mail providers from a few servers and
 * without a browser's headers, and authorised by its signed token alone. The flood guard and the check of where
 * forms come from let exactly that through: a POST whose normalised path (the one the request is routed by) is
 * {@code /u/} and a token that verifies, nothing else under {@code /u/} and no other spelling of another path.
 */
@ApplicationScoped
public class OneClickUnsubscribe {

    static final String PREFIX = "/u/";

    private final SignedLinks links;

    public OneClickUnsubscribe(SignedLinks links) {
        this.links = links;
    }

    public boolean is(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST) {
            return false;
        }
        String path = context.normalizedPath();
        if (path == null || !path.startsWith(PREFIX)) {
            return false;
        }
        String token = path.substring(PREFIX.length());
        return token.indexOf('/') < 0 && links.verify(SignedLinks.UNSUBSCRIBE, token).isPresent();
    }
}

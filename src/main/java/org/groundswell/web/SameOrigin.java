package org.groundswell.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import org.groundswell.config.GroundswellConfig;

import java.net.URI;

/**
 * CSRF protection of the signing form without anything per visitor in the page (so the page can be the same for
 * everyone and cached): a browser says where a form was sent from, in {@code Sec-Fetch-Site} (every current
 * browser) or else {@code Origin} (or, last, {@code Referer}); a form posted from another site is refused.
 * An older browser on our pages (which say {@code Referrer-Policy: no-referrer}) sends {@code Origin: null} or
 * nothing: it is let through, as it cannot tell us more, and the form's stamp and honeypot still apply. The form
 * signs no one in and changes nothing of anyone's; CSRF could only lend a bot a visitor's address.
 */
@ApplicationScoped
public class SameOrigin {

    private final String publicOrigin;

    public SameOrigin(GroundswellConfig config) {
        this.publicOrigin = origin(config.publicBaseUrl());
    }

    public boolean allows(HttpHeaders headers) {
        String site = headers.getHeaderString("Sec-Fetch-Site");
        if (site != null) {
            return "same-origin".equals(site) || "none".equals(site);
        }
        String host = headers.getHeaderString("Host");
        String origin = headers.getHeaderString("Origin");
        if (origin != null && !"null".equals(origin)) {
            return isOurs(origin, host);
        }
        String referer = headers.getHeaderString("Referer");
        return referer == null || isOurs(origin(referer), host);
    }

    /**
     * The fail-closed form of the check, for requests a cookie authenticates (the console): only a browser's word
     * that the request comes from this site lets it through, {@code Sec-Fetch-Site: same-origin} or else an
     * {@code Origin} of ours. No evidence, {@code Origin: null} or a Referer alone: refused.
     */
    public boolean provesSameSite(String secFetchSite, String origin, String host) {
        if (secFetchSite != null) {
            return "same-origin".equals(secFetchSite);
        }
        return origin != null && !"null".equals(origin) && isOurs(origin, host);
    }

    /** Ours: the public URL's origin, or the host the request was sent to (behind a proxy that ends TLS too). */
    private boolean isOurs(String origin, String host) {
        if (origin == null) {
            return false;
        }
        if (origin.equalsIgnoreCase(publicOrigin)) {
            return true;
        }
        int scheme = origin.indexOf("://");
        return scheme > 0 && host != null && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    static String origin(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

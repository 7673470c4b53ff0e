package org.groundswell.http;

import java.net.URI;
import java.util.Locale;

/**
 * Where a form post comes from, by what the browser says of it (CSRF defence without anything per visitor, so the
 * pages that hold the forms stay the same for everyone and cacheable). It fails closed: only evidence that the form
 * was sent from one of our own pages lets it through.
 * <ol>
 * <li>{@code Sec-Fetch-Site}, sent by every current browser and never by a page's script: {@code same-origin} is
 * ours; anything else ({@code cross-site}, {@code same-site}, and {@code none}, which no form of ours sends: a post
 * is never typed in or bookmarked) is not.</li>
 * <li>Else {@code Origin}: ours only when it is the public URL's origin; {@code Origin: null} (a sandboxed frame,
 * a {@code data:} page, a redirect, or a page that asked for no referrer) says nothing and is refused.</li>
 * <li>Else, with no {@code Origin} at all (older browsers), {@code Referer}: ours when its origin is the public URL's
 * (our public pages send {@code Referrer-Policy: same-origin}, so an older browser sends it to us).</li>
 * <li>No evidence at all: refused.</li>
 * </ol>
 * Plain values in, a verdict out: the filter in front of the pages ({@link CrossSiteForms}) asks it.
 */
public final class OriginEvidence {

    public enum Verdict {
        SAME_ORIGIN("The form was sent from one of our pages."),
        CROSS_SITE("This form was sent from another site."),
        OPAQUE_ORIGIN("Your browser hid where this form was sent from."),
        NO_EVIDENCE("Your browser did not say where this form was sent from.");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public boolean allowed() {
            return this == SAME_ORIGIN;
        }

        /** One sentence for the person who sent the form. */
        public String reason() {
            return reason;
        }
    }

    private final String publicOrigin;

    /** @param publicUrl the service's public URL (groundswell.public-url), whose origin is ours */
    public OriginEvidence(String publicUrl) {
        this.publicOrigin = origin(publicUrl);
        if (publicOrigin == null) {
            throw new IllegalArgumentException("The public URL has no origin: " + publicUrl);
        }
    }

    /** Each argument is the request's header of that name, or null when it has none. */
    public Verdict judge(String secFetchSite, String origin, String referer) {
        if (secFetchSite != null && !secFetchSite.isBlank()) {
            String site = secFetchSite.strip().toLowerCase(Locale.ROOT);
            return site.equals("same-origin") ? Verdict.SAME_ORIGIN : Verdict.CROSS_SITE;
        }
        if (origin != null) {
            if (origin.strip().equalsIgnoreCase("null")) {
                return Verdict.OPAQUE_ORIGIN;
            }
            return publicOrigin.equals(origin(origin.strip())) ? Verdict.SAME_ORIGIN : Verdict.CROSS_SITE;
        }
        if (referer != null && !referer.isBlank()) {
            return publicOrigin.equals(origin(referer.strip())) ? Verdict.SAME_ORIGIN : Verdict.CROSS_SITE;
        }
        return Verdict.NO_EVIDENCE;
    }

    /** scheme://host[:port] in lower case, without the scheme's default port; null when the URL has none. */
    static String origin(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawUserInfo() != null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}

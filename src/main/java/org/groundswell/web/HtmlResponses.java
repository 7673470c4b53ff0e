package org.groundswell.web;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.groundswell.http.SecurityHeaders;

/** HTML answers of the pages. */
public final class HtmlResponses {

    public static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    private HtmlResponses() {
    }

    public static Response html(int status, TemplateInstance page) {
        return Response.status(status).entity(page).type(HTML).build();
    }

    /** A page for one visitor (a token in it, or what they typed): no cache may keep it. */
    public static Response noStore(int status, TemplateInstance page) {
        return Response.status(status).entity(page).type(HTML).header("Cache-Control", "no-store").build();
    }

    /**
     * A page at a URL with a token in it (confirm, unsubscribe, remove): stored by no cache, and its links and forms
     * send no Referer, so that the token never travels on (the other pages send one to ourselves only).
     */
    public static Response tokenPage(int status, TemplateInstance page) {
        return Response.status(status).entity(page).type(HTML).header("Cache-Control", "no-store")
                .header(SecurityHeaders.REFERRER_POLICY, SecurityHeaders.NO_REFERRER).build();
    }
}

package org.groundswell.web;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
}

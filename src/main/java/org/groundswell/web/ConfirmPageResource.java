package org.groundswell.web;

import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.signature.SignatureService;

/** The link in the confirmation mail. Opening it again (or after a mail scanner did) shows the same page. */
@Path("/confirm")
@Tag(name = "pages")
public class ConfirmPageResource {

    private final SignatureService signatures;

    public ConfirmPageResource(SignatureService signatures) {
        this.signatures = signatures;
    }

    @GET
    @PermitAll
    @Path("{token}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Confirm a signature from the mailed link and show the supporter's action steps")
    public Response confirm(@PathParam("token") String token) {
        try {
            return Response.ok(WebPages.confirmed(signatures.confirm(token))).build();
        } catch (UnknownResourceException e) {
            TemplateInstance page = WebPages.error(404, "Link not valid",
                    "This confirmation link is not valid. Please use the link from your most recent confirmation mail.");
            return Response.status(404).entity(page).type(MediaType.TEXT_HTML).build();
        }
    }
}

package org.groundswell.web;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.signature.ConfirmationService;
import org.groundswell.signature.SupporterMails;
import org.groundswell.signature.TokenLookup;

import static org.groundswell.web.HtmlResponses.tokenPage;

/**
 * The link in the confirmation mail. Opening it (GET or HEAD, as mail scanners do) changes nothing: it shows the
 * campaign and a button; the button's POST confirms. A confirmed signature's link shows its steps; a link older
 * than its lifetime says how to get a new one. Every answer carries the token, so none is ever stored by a cache.
 */
@Path("/confirm")
@Tag(name = "pages")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class ConfirmPageResource {

    private final ConfirmationService signatures;
    private final SupporterMails mails;
    private final GroundswellConfig config;

    public ConfirmPageResource(ConfirmationService signatures, SupporterMails mails, GroundswellConfig config) {
        this.signatures = signatures;
        this.mails = mails;
        this.config = config;
    }

    @GET
    @Path("{token}")
    @Operation(summary = "Page: the campaign and a button to confirm (or the steps, once confirmed); confirms nothing")
    public Response show(@PathParam("token") String token) {
        return page(signatures.look(token), token);
    }

    @POST
    @Path("{token}")
    @Operation(summary = "Form: confirm the signature and show the supporter's action steps")
    public Response confirm(@PathParam("token") String token) {
        return page(signatures.confirmByLink(token), token);
    }

    private Response page(TokenLookup found, String token) {
        if (found instanceof TokenLookup.Confirmed confirmed) {
            return tokenPage(200, WebPages.confirmed(confirmed.confirmation(),
                    mails.removeUrl(confirmed.confirmation().signature().id)));
        }
        if (found instanceof TokenLookup.Unconfirmed unconfirmed) {
            return tokenPage(200, WebPages.confirm(unconfirmed.campaign(), unconfirmed.signature().name, token));
        }
        if (found instanceof TokenLookup.Expired expired) {
            return tokenPage(410, WebPages.linkExpired(expired.campaign(), config.signing().confirmationLinkLifetime().toDays()));
        }
        return tokenPage(404, WebPages.error(404, "Link not valid",
                "This confirmation link is not valid. Please use the link from your most recent confirmation mail."));
    }

}

package org.groundswell.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.privacy.PrivacyService;
import org.groundswell.security.SignedLinks;
import org.jboss.resteasy.reactive.RestForm;

import static org.groundswell.web.HtmlResponses.tokenPage;

/**
 * The links at the foot of every mail to a supporter. {@code /u/{token}}: a GET shows a page with buttons (a mail
 * scanner changes nothing); a POST unsubscribes at once, including the RFC 8058 one-click POST that mail
 * providers send with {@code List-Unsubscribe=One-Click}. {@code /remove/{token}}: a page with a button; its POST
 * removes the signature. The tokens are capabilities; the removal form is also checked for where it comes from,
 * like every form ({@link org.groundswell.http.CrossSiteForms}), the one-click unsubscribe is not (mail providers post
 * it without a browser's headers). No answer is stored by any cache or sends a Referer.
 */
@Path("/")
@Tag(name = "pages")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class PrivacyPagesResource {

    @CheckedTemplate(basePath = "PrivacyPages")
    static class Pages {
        static native TemplateInstance unsubscribe(CampaignSnapshot campaign, String token);

        static native TemplateInstance unsubscribed(CampaignSnapshot campaign, boolean everywhere);

        static native TemplateInstance remove(CampaignSnapshot campaign, String name, String token);

        static native TemplateInstance removed(CampaignSnapshot campaign);
    }

    private final PrivacyService privacy;

    public PrivacyPagesResource(PrivacyService privacy) {
        this.privacy = privacy;
    }

    @GET
    @Path("u/{token}")
    @Operation(summary = "Page: unsubscribe from this campaign's mail, or from every campaign's")
    public Response unsubscribePage(@PathParam("token") String token) {
        return answer(privacy.find(SignedLinks.UNSUBSCRIBE, token),
                found -> Pages.unsubscribe(found.campaign(), token), "Nothing to unsubscribe");
    }

    @POST
    @Path("u/{token}")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    @Operation(summary = "Unsubscribe at once (RFC 8058 one-click: body List-Unsubscribe=One-Click); scope=all for every campaign")
    public Response unsubscribe(@PathParam("token") String token, @RestForm String scope) {
        // RFC 8058's one-click POST (List-Unsubscribe=One-Click, urlencoded or multipart) names no scope: this campaign.
        boolean everywhere = "all".equals(scope);
        return answer(privacy.unsubscribe(token, everywhere), found -> Pages.unsubscribed(found.campaign(), everywhere),
                "Nothing to unsubscribe");
    }

    @GET
    @Path("remove/{token}")
    @Operation(summary = "Page: remove my signature")
    public Response removePage(@PathParam("token") String token) {
        return answer(privacy.find(SignedLinks.REMOVE, token),
                found -> Pages.remove(found.campaign(), found.signature().name, token), "Already removed");
    }

    @POST
    @Path("remove/{token}")
    @Operation(summary = "Remove the signature: out of the count, its data deleted")
    public Response remove(@PathParam("token") String token) {
        return answer(privacy.remove(token), found -> Pages.removed(found.campaign()), "Already removed");
    }

    private static Response answer(PrivacyService.Linked linked, java.util.function.Function<PrivacyService.Linked.Found, TemplateInstance> page,
                                   String goneTitle) {
        if (linked instanceof PrivacyService.Linked.Found found) {
            return tokenPage(200, page.apply(found));
        }
        if (linked instanceof PrivacyService.Linked.Gone) {
            return tokenPage(200, WebPages.error(200, goneTitle, "This signature is no longer held by this service: there is nothing more to do."));
        }
        return tokenPage(404, WebPages.error(404, "Link not valid", "This link is not valid. Please use the link from your most recent mail."));
    }

}

package org.groundswell.web;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.CampaignStatus;
import org.groundswell.campaign.PlaceCounts;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.http.PublicReads;

import java.time.Instant;

import static org.groundswell.web.HtmlResponses.HTML;
import static org.groundswell.web.HtmlResponses.html;
import static org.groundswell.web.HtmlResponses.noStore;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The public pages: the list of campaigns, a campaign with its signing form, and the form's answer. */
@Path("/")
@Tag(name = "pages")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class CampaignPagesResource {

    private final CampaignService campaigns;
    private final SigningForms forms;
    private final PublicReads reads;
    private final GroundswellConfig config;

    public CampaignPagesResource(CampaignService campaigns, SigningForms forms, PublicReads reads, GroundswellConfig config) {
        this.campaigns = campaigns;
        this.forms = forms;
        this.reads = reads;
        this.config = config;
    }

    @GET
    @Operation(summary = "Page: the open campaigns")
    public TemplateInstance index() {
        return WebPages.index(campaigns.listPublic(null, CampaignStatus.OPEN, 0, 100).items());
    }

    /** The same page for every visitor, rebuilt at most every half second (see {@link PublicReads}). */
    @GET
    @Path("c/{slug}")
    @Operation(summary = "Page: a campaign, its progress and the signing form")
    public Response campaign(@PathParam("slug") String slug, @HeaderParam("If-None-Match") String ifNoneMatch) {
        PublicReads.Representation page = reads.get(slug, PublicReads.View.CAMPAIGN_PAGE, () -> campaigns.findFresh(slug)
                .map(campaign -> {
                    PlaceCounts counts = campaigns.counts(campaign);
                    String html = WebPages.campaign(new CampaignPage(campaign, counts, url(campaign), SignForm.EMPTY,
                            Map.of(), forms.stamp())).render();
                    // The ETag stands for what the page shows, not for the stamp in its form.
                    return PublicReads.Built.of(html, HTML.toString(), Instant.now(), campaign.updatedAt() + "/" + counts);
                })
                .orElse(null));
        return page == null ? notFound() : page.toResponse(ifNoneMatch);
    }

    @POST
    @Path("c/{slug}")
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Form: sign a campaign from its page")
    public CompletionStage<Response> sign(@PathParam("slug") String slug, MultivaluedMap<String, String> fields,
                                          @Context HttpServerRequest request) {
        // The form again, as typed, with its errors: for this visitor only, so never stored by any cache.
        return forms.answer(slug, fields, request, this::notFound,
                (campaign, again) -> noStore(again.status(), WebPages.campaign(new CampaignPage(campaign, again.counts(),
                        url(campaign), again.form(), again.errors(), again.stamp()))),
                campaign -> html(200, WebPages.checkEmail(campaign)));
    }

    private String url(CampaignSnapshot campaign) {
        return config.campaignUrl(campaign.slug());
    }

    private Response notFound() {
        return html(404, WebPages.error(404, "Campaign not found",
                "There is no campaign at this address. It may have been renamed, or the link may be incomplete."));
    }
}

package org.groundswell.console;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.signature.SignatureExport;

import static org.groundswell.web.HtmlResponses.noStore;

/** The export as a page with a download button (owner, editor; a viewer never sees supporter data): the API's CSV. */
@Path("/organise/campaigns/{slug}/export")
@Tag(name = "console")
@PermitAll
public class ExportPagesResource {

    private final SignatureExport export;
    private final CampaignPagesSupport pages;

    public ExportPagesResource(SignatureExport export, CampaignPagesSupport pages) {
        this.export = export;
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Console page: download the supporters as CSV (owner, editor)")
    public Response page(@PathParam("slug") @Size(max = 80) String slug) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.EXPORT);
            return noStore(200, CampaignPages.export(opened.header(), opened.campaign().signatureCount()));
        });
    }

    @GET
    @Path("signatures.csv")
    @Produces({"text/csv", MediaType.TEXT_HTML})
    @Operation(summary = "Console download: the campaign's confirmed signatures as CSV, streamed (owner, editor)")
    public Response csv(@PathParam("slug") @Size(max = 80) String slug) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.EXPORT);
            long campaignId = opened.campaign().id();
            StreamingOutput body = output -> export.writeCsv(campaignId, output);
            return Response.ok(body, "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"" + opened.campaign().slug() + "-signatures.csv\"")
                    .build();
        });
    }
}

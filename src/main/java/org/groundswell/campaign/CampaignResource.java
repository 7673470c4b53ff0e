package org.groundswell.campaign;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.common.Page;
import org.groundswell.organiser.Organiser;
import org.groundswell.organiser.OrganiserService;

@Path("/api/campaigns")
@Tag(name = "campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final CampaignService campaigns;
    private final OrganiserService organisers;

    public CampaignResource(CampaignService campaigns, OrganiserService organisers) {
        this.campaigns = campaigns;
        this.organisers = organisers;
    }

    @GET
    @Operation(summary = "List open and closed campaigns, newest first")
    public Page<CampaignSummary> list(
            @QueryParam("topic") @Size(max = 60) String topic,
            @QueryParam("status") CampaignStatus status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        Page<Campaign> found = campaigns.listPublic(topic, status, page, size);
        return new Page<>(found.items().stream().map(CampaignSummary::of).toList(), page, size, found.total());
    }

    @GET
    @Path("{slug}")
    @Operation(summary = "A campaign with its confirmed signature count; drafts only for their owner")
    public CampaignView get(@PathParam("slug") @Size(max = 80) String slug,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Organiser viewer = authorization == null ? null : organisers.authenticate(authorization);
        return CampaignView.of(campaigns.findVisible(slug, viewer));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a campaign (organiser)")
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @Valid @NotNull CampaignInput input, UriInfo uriInfo) {
        Organiser owner = organisers.authenticate(authorization);
        Campaign campaign = campaigns.create(owner, input);
        return Response.created(uriInfo.getAbsolutePathBuilder().path(campaign.slug).build())
                .entity(CampaignView.of(campaign)).build();
    }

    @PATCH
    @Path("{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit a campaign or move it DRAFT → OPEN → CLOSED (owner)")
    public CampaignView update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               @PathParam("slug") @Size(max = 80) @Pattern(regexp = CampaignInput.SLUG) String slug,
                               @Valid @NotNull CampaignPatch patch) {
        Organiser owner = organisers.authenticate(authorization);
        return CampaignView.of(campaigns.update(owner, slug, patch));
    }
}

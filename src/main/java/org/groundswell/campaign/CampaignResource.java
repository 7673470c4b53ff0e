package org.groundswell.campaign;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.common.ResultPage;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;

@Path("/api/campaigns")
@Tag(name = "campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final CampaignService campaigns;
    private final Caller caller;

    public CampaignResource(CampaignService campaigns, Caller caller) {
        this.campaigns = campaigns;
        this.caller = caller;
    }

    @GET
    @PermitAll
    @Operation(summary = "List open and closed campaigns, newest first")
    public ResultPage<CampaignSummary> list(
            @QueryParam("topic") @Size(max = 60) String topic,
            @QueryParam("status") CampaignStatus status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return campaigns.listPublic(topic, status, page, size).map(CampaignSummary::of);
    }

    @GET
    @Path("{slug}")
    @PermitAll
    @Operation(summary = "A campaign with its confirmed signature count; drafts only for their owner")
    public CampaignView get(@PathParam("slug") @Size(max = 80) String slug) {
        return CampaignView.of(campaigns.findVisible(slug, caller.organiserId()));
    }

    @POST
    @RolesAllowed(Roles.ORGANISER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a campaign (organiser)")
    public Response create(@Valid @NotNull CampaignInput input, UriInfo uriInfo) {
        Campaign campaign = campaigns.create(caller.requireOrganiserId(), input);
        return Response.created(uriInfo.getAbsolutePathBuilder().path(campaign.slug).build())
                .entity(CampaignView.of(campaign)).build();
    }

    @PATCH
    @Path("{slug}")
    @RolesAllowed(Roles.ORGANISER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit a campaign or move it DRAFT → OPEN → CLOSED (owner)")
    public CampaignView update(@PathParam("slug") @Size(max = 80) @Pattern(regexp = CampaignInput.SLUG) String slug,
                               @Valid @NotNull CampaignPatch patch) {
        return CampaignView.of(campaigns.update(caller.requireOrganiserId(), slug, patch));
    }
}

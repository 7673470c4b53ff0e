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
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.groundswell.common.ResultPage;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.http.PublicReads;

import java.time.Instant;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;

@Path("/api/campaigns")
@Tag(name = "campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final CampaignService campaigns;
    private final Caller caller;
    private final PublicReads reads;
    private final ObjectMapper objectMapper;

    public CampaignResource(CampaignService campaigns, Caller caller, PublicReads reads, ObjectMapper objectMapper) {
        this.campaigns = campaigns;
        this.caller = caller;
        this.reads = reads;
        this.objectMapper = objectMapper;
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
    @APIResponse(responseCode = "200", description = "The campaign",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CampaignView.class)))
    public Response get(@PathParam("slug") @Size(max = 80) String slug, @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (caller.organiserId().isPresent()) {
            return Response.ok(CampaignView.of(campaigns.findVisible(slug, CampaignAccess.Requester.of(caller)))).build();
        }
        // Anonymous: the same for everyone, served from memory and rebuilt at most every half second.
        PublicReads.Representation representation = reads.get(slug, PublicReads.View.CAMPAIGN_JSON, () -> campaigns.findFresh(slug)
                .map(campaign -> new PublicReads.Built(json(CampaignView.of(campaign)), MediaType.APPLICATION_JSON, Instant.now()))
                .orElse(null));
        if (representation == null) {
            throw new UnknownResourceException("There is no campaign '" + slug + "'.");
        }
        return representation.toResponse(ifNoneMatch);
    }

    private byte[] json(Object view) {
        try {
            return objectMapper.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @GET
    @Path("{slug}/counts")
    @PermitAll
    @Operation(summary = "Confirmed signatures by country, U.S. state and congressional district, as fresh as the total")
    @APIResponse(responseCode = "200", description = "The counts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlaceCounts.class)))
    public Response counts(@PathParam("slug") @Size(max = 80) String slug, @HeaderParam("If-None-Match") String ifNoneMatch) {
        PublicReads.Representation representation = reads.get(slug, PublicReads.View.CAMPAIGN_COUNTS, () -> campaigns.findFresh(slug)
                .map(campaign -> new PublicReads.Built(json(campaigns.counts(campaign)), MediaType.APPLICATION_JSON, Instant.now()))
                .orElse(null));
        if (representation == null) {
            throw new UnknownResourceException("There is no campaign '" + slug + "'.");
        }
        return representation.toResponse(ifNoneMatch);
    }

    @POST
    @RolesAllowed(Roles.ORGANISER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a campaign (organiser)")
    public Response create(@Valid @NotNull CampaignInput input, UriInfo uriInfo) {
        CampaignSnapshot campaign = campaigns.create(caller.requireOrganiserId(), input);
        return Response.created(uriInfo.getAbsolutePathBuilder().path(campaign.slug()).build())
                .entity(CampaignView.of(campaign)).build();
    }

    @PATCH
    @Path("{slug}")
    @RolesAllowed(Roles.ORGANISER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit a campaign or move it DRAFT → OPEN → CLOSED (owner or editor)")
    public CampaignView update(@PathParam("slug") @Size(max = 80) @Pattern(regexp = CampaignInput.SLUG) String slug,
                               @Valid @NotNull CampaignPatch patch) {
        return CampaignView.of(campaigns.update(campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.EDIT), patch));
    }
}

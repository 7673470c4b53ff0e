package org.groundswell.signature.review;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;
import org.groundswell.signature.Selection;

import java.time.Duration;
import java.util.Map;

/** Abuse review of a campaign's signatures, for its organiser and the admin. */
@Path("/api/campaigns/{slug}/review")
@Tag(name = "review")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ORGANISER})
public class ReviewResource {

    private final ReviewService review;
    private final CampaignService campaigns;
    private final Caller caller;

    public ReviewResource(ReviewService review, CampaignService campaigns, Caller caller) {
        this.review = review;
        this.campaigns = campaigns;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Held and recent signatures grouped by client address hash, e-mail domain and minute (owner or admin)")
    public ReviewService.Review groups(@PathParam("slug") @Size(max = 80) String slug,
                                       @QueryParam("hours") @DefaultValue("24") @Min(1) @Max(720) int hours) {
        return review.review(campaign(slug), Duration.ofHours(hours));
    }

    @POST
    @Path("release")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Release held signatures in bulk: their confirmation mails go out, within each mailbox's limits and the release caps (owner or admin)")
    public ReviewService.Released release(@PathParam("slug") @Size(max = 80) String slug, @Valid @NotNull Selection selection) {
        return review.release(campaign(slug), selection);
    }

    @POST
    @Path("invalidate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invalidate signatures in bulk: out of the count and of exports (owner or admin)")
    public Map<String, Integer> invalidate(@PathParam("slug") @Size(max = 80) String slug, @Valid @NotNull Selection selection) {
        return Map.of("invalidated", review.invalidate(campaign(slug), selection));
    }

    private CampaignSnapshot campaign(String slug) {
        return campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.REVIEW);
    }
}

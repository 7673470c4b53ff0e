package org.groundswell.team;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;

import java.time.Instant;
import java.util.List;

/** The team of a campaign (owner only): editors and viewers, invited by e-mail address. */
@Path("/api/campaigns/{slug}/team")
@Tag(name = "team")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ORGANISER)
public class TeamResource {

    private final TeamService team;
    private final CampaignService campaigns;
    private final Caller caller;

    public TeamResource(TeamService team, CampaignService campaigns, Caller caller) {
        this.team = team;
        this.campaigns = campaigns;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite someone to the campaign's team as EDITOR or VIEWER (owner); they sign in to the console with that address")
    public Response invite(@PathParam("slug") @Size(max = 80) String slug, @Valid @NotNull Invitation invitation) {
        TeamService.Invited invited = team.invite(campaign(slug), invitation.email(), invitation.role());
        return Response.status(invited.added() ? Response.Status.CREATED : Response.Status.OK)
                .entity(new MemberView(invited.email(), invited.role(), null)).build();
    }

    @GET
    @Operation(summary = "The campaign's team (owner)")
    public List<MemberView> list(@PathParam("slug") @Size(max = 80) String slug) {
        return team.list(campaign(slug)).stream().map(MemberView::of).toList();
    }

    @DELETE
    @Path("{email}")
    @Operation(summary = "Remove someone from the campaign's team (owner); their console sessions end")
    public Response remove(@PathParam("slug") @Size(max = 80) String slug, @PathParam("email") @Size(max = 254) String email) {
        team.remove(campaign(slug), email);
        return Response.noContent().build();
    }

    private CampaignSnapshot campaign(String slug) {
        return campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.MANAGE_TEAM);
    }

    public record Invitation(@NotBlank @Size(max = 254) String email, @NotNull TeamRole role) {
    }

    /** A member; {@code since} is when they were invited (absent in the answer to an invitation). */
    public record MemberView(String email, TeamRole role, Instant since) {
        static MemberView of(TeamRepository.Member m) {
            return new MemberView(m.email(), m.role(), m.since());
        }
    }
}

package org.groundswell.console;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.team.TeamRole;
import org.groundswell.team.TeamService;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.groundswell.web.HtmlResponses.noStore;

/** The team of a campaign as a page (owner only): its members, inviting by e-mail as editor or viewer, removing. */
@Path("/organise/campaigns/{slug}/team")
@Tag(name = "console")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class TeamPagesResource {

    private final TeamService team;
    private final CampaignPagesSupport pages;

    public TeamPagesResource(TeamService team, CampaignPagesSupport pages) {
        this.team = team;
        this.pages = pages;
    }

    @GET
    @Operation(summary = "Console page: the campaign's team, with the form to invite someone (owner)")
    public Response list(@PathParam("slug") @Size(max = 80) String slug, @QueryParam("invited") @Size(max = 254) String invited,
                         @QueryParam("removed") @Size(max = 254) String removed) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.TEAM);
            String done = invited != null ? invited + " is in the team; we mailed them how to sign in."
                    : removed != null ? removed + " is no longer in the team, and signed out everywhere." : null;
            return noStore(200, CampaignPages.team(opened.header(), team.list(opened.campaign()), "", "EDITOR", null, done));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: invite someone by e-mail as editor or viewer; they are mailed (owner)")
    public Response invite(@PathParam("slug") @Size(max = 80) String slug, @FormParam("email") String email,
                           @FormParam("role") String role) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.TEAM);
            String typed = email == null ? "" : email.strip();
            TeamRole chosen = "VIEWER".equals(role) ? TeamRole.VIEWER : "EDITOR".equals(role) ? TeamRole.EDITOR : null;
            String error = chosen == null ? "Choose editor or viewer." : null;
            if (error == null) {
                try {
                    TeamService.Invited done = team.invite(opened.campaign(), typed.length() > 254 ? "" : typed, chosen);
                    return CampaignPagesSupport.seeOther(opened.campaign().slug(), CampaignNav.Page.TEAM,
                            "invited=" + URLEncoder.encode(done.email(), StandardCharsets.UTF_8));
                } catch (InvalidInputException e) {
                    error = "Please enter a valid e-mail address, such as ada@example.org.";
                }
            }
            return noStore(400, CampaignPages.team(opened.header(), team.list(opened.campaign()),
                    typed.length() > 254 ? "" : typed, chosen == null ? "EDITOR" : chosen.name(), error, null));
        });
    }

    @POST
    @Path("remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: remove someone from the team; their console sessions end (owner)")
    public Response remove(@PathParam("slug") @Size(max = 80) String slug, @FormParam("email") @Size(max = 254) String email) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.TEAM);
            if (email == null || email.isBlank()) {
                throw new UnknownResourceException("Say whom to remove.");
            }
            team.remove(opened.campaign(), email);
            return CampaignPagesSupport.seeOther(opened.campaign().slug(), CampaignNav.Page.TEAM,
                    "removed=" + URLEncoder.encode(email.strip(), StandardCharsets.UTF_8));
        });
    }
}

package org.groundswell.console.dashboard;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.console.CampaignNav;
import org.groundswell.console.CampaignPagesSupport;
import org.groundswell.web.HtmlResponses;

/**
 * The campaign's dashboard in the console, for everyone in its team (owner, editor, viewer: counts only, no
 * supporter data); another person's campaign is 404, without a session the sign-in form.
 */
// The class path is the one of console.forms.CampaignFormsResource (new, edit, preview), so that the request
// matching sees both classes' methods together: with "/organise/campaigns/{slug}" here, this class would win every
// path under a campaign by its longer literal prefix and answer 404 for /organise/campaigns/new and .../edit.
@Path("/organise/campaigns")
@Tag(name = "console")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class DashboardResource {

    private final DashboardService dashboards;
    private final CampaignPagesSupport pages;

    public DashboardResource(DashboardService dashboards, CampaignPagesSupport pages) {
        this.dashboards = dashboards;
        this.pages = pages;
    }

    @GET
    @Path("{slug}")
    @Operation(summary = "Console page: the campaign's dashboard (owner, editor, viewer): counts by status, per hour and day, "
            + "by place, milestones and mail")
    public Response dashboard(@PathParam("slug") @Size(max = 80) String slug) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.DASHBOARD);
            Dashboard dashboard = dashboards.dashboard(opened.campaign());
            return HtmlResponses.noStore(200, DashboardPages.dashboard(dashboard, opened.header()));
        });
    }
}

package org.groundswell.console.dashboard;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignService;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;
import org.groundswell.web.HtmlResponses;

/**
 * The campaign's dashboard as an HTML page, for its owner. Mounted here until the organisers' console (with its
 * sign-in) takes it over at {@code /organise/campaigns/{slug}}.
 */
@Path("/api/campaigns/{slug}/dashboard")
@Tag(name = "campaigns")
public class DashboardResource {

    private final DashboardService dashboards;
    private final CampaignService campaigns;
    private final Caller caller;

    public DashboardResource(DashboardService dashboards, CampaignService campaigns, Caller caller) {
        this.dashboards = dashboards;
        this.campaigns = campaigns;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.ORGANISER)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The campaign's dashboard as an HTML page (owner): counts by status, per hour and day, by place, "
            + "milestones and mail")
    public Response dashboard(@PathParam("slug") @Size(max = 80) String slug) {
        Dashboard dashboard = dashboards.dashboard(campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.VIEW));
        return HtmlResponses.noStore(200, DashboardPages.dashboard(dashboard));
    }
}

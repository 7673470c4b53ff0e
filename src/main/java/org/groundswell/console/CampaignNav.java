package org.groundswell.console;

import io.quarkus.qute.TemplateData;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignAccess.Action;

import java.util.ArrayList;
import java.util.List;

/**
 * The navigation of a campaign's console pages, as a policy: the campaign, the person's relation to it and the page
 * they are on in, the links they may follow out (each page only when {@link CampaignAccess} allows its action).
 */
public final class CampaignNav {

    /** A page of a campaign: its label, the action it needs and its path under the campaign's. */
    public enum Page {
        DASHBOARD("Dashboard", Action.VIEW, ""),
        EDIT("Edit", Action.EDIT, "/edit"),
        PREVIEW("Preview", Action.EDIT, "/preview"),
        REVIEW("Review", Action.REVIEW, "/review"),
        UPDATES("Updates", Action.SEND_UPDATES, "/updates"),
        EXPORT("Export", Action.EXPORT, "/export"),
        TEAM("Team", Action.MANAGE_TEAM, "/team");

        final String label;
        final Action action;
        final String path;

        Page(String label, Action action, String path) {
            this.label = label;
            this.action = action;
            this.path = path;
        }

        public Action action() {
            return action;
        }
    }

    /** A link of the navigation; {@code current} for the page shown. */
    @TemplateData
    public record Link(String label, String href, boolean current) {
    }

    private CampaignNav() {
    }

    /** The campaign's path in the console. */
    public static String base(String slug) {
        return "/organise/campaigns/" + slug;
    }

    public static String href(String slug, Page page) {
        return base(slug) + page.path;
    }

    public static List<Link> links(String slug, CampaignAccess.Relation relation, Page current) {
        List<Link> links = new ArrayList<>();
        for (Page page : Page.values()) {
            if (CampaignAccess.decide(relation, page.action) == CampaignAccess.Decision.ALLOW) {
                links.add(new Link(page.label, href(slug, page), page == current));
            }
        }
        return links;
    }
}

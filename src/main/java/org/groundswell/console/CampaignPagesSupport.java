package org.groundswell.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.ConflictException;
import org.groundswell.common.DomainException;
import org.groundswell.common.ExpiredException;
import org.groundswell.common.ForbiddenActionException;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.UnavailableException;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.security.Caller;
import org.groundswell.security.SessionCookieMechanism;

import java.net.URI;
import java.util.Locale;
import java.util.function.Supplier;

import static org.groundswell.web.HtmlResponses.noStore;

/**
 * What the pages of one campaign in the console share: a session is needed (without one, 303 to the sign-in form),
 * the campaign is opened through {@link CampaignService#authorise} with the page's action (another person's campaign
 * is 404, a right the person lacks 403, as in the API), and a rule's failure is a page that says why, with its status.
 */
@ApplicationScoped
public class CampaignPagesSupport {

    private final CampaignService campaigns;
    private final Caller caller;

    public CampaignPagesSupport(CampaignService campaigns, Caller caller) {
        this.campaigns = campaigns;
        this.caller = caller;
    }

    /** A campaign opened for a page: the snapshot and the header of the page. */
    public record Opened(CampaignSnapshot campaign, CampaignHeader header) {

        public String email() {
            return header.email();
        }
    }

    /** Thrown when a page needs a session and there is none: the browser goes to the sign-in form. */
    static final class SignInRequired extends RuntimeException {
        SignInRequired() {
            super(null, null, false, false);
        }
    }

    /** The campaign for this page, if the signed-in person may do the page's action with it. */
    public Opened open(String slug, CampaignNav.Page page) {
        return open(slug, page, page.action());
    }

    /** The campaign for this page and an action of its (a form may need another right than the page it is on). */
    public Opened open(String slug, CampaignNav.Page page, CampaignAccess.Action action) {
        if (!caller.hasSession()) {
            throw new SignInRequired();
        }
        CampaignAccess.Requester requester = CampaignAccess.Requester.of(caller);
        CampaignSnapshot campaign = campaigns.authorise(slug, requester, action);
        CampaignAccess.Relation relation = campaigns.relationOf(campaign, requester);
        String status = campaign.status().name();
        CampaignHeader header = new CampaignHeader(requester.email(), campaign.slug(), campaign.title(),
                status.charAt(0) + status.substring(1).toLowerCase(Locale.ROOT), relation.name().toLowerCase(Locale.ROOT),
                CampaignNav.links(campaign.slug(), relation, page));
        return new Opened(campaign, header);
    }

    /** The page that {@code page} makes, or the sign-in form, or a page saying what went wrong. */
    public Response respond(Supplier<Response> page) {
        try {
            return page.get();
        } catch (SignInRequired e) {
            return Response.seeOther(URI.create(SessionCookieMechanism.PATH)).build();
        } catch (DomainException e) {
            return failure(e);
        }
    }

    /** 303 to a page of the campaign (post/redirect/get). */
    public static Response seeOther(String slug, CampaignNav.Page page, String query) {
        return Response.seeOther(URI.create(CampaignNav.href(slug, page) + (query == null ? "" : "?" + query))).build();
    }

    private Response failure(DomainException e) {
        String email = caller.email().orElse(null);
        if (e instanceof UnknownResourceException) {
            return noStore(404, ConsolePages.message("Not found", e.getMessage(), email));
        }
        if (e instanceof ForbiddenActionException) {
            return noStore(403, ConsolePages.message("Not allowed", e.getMessage(), email));
        }
        if (e instanceof InvalidInputException) {
            return noStore(400, ConsolePages.message("Please check the form", e.getMessage(), email));
        }
        if (e instanceof ExpiredException) {
            return noStore(410, ConsolePages.message("No longer possible", e.getMessage(), email));
        }
        if (e instanceof UnavailableException) {
            return noStore(503, ConsolePages.message("Please try again in a moment", e.getMessage(), email));
        }
        if (e instanceof ConflictException) {
            return noStore(409, ConsolePages.message("Not done", e.getMessage(), email));
        }
        // A limit of the service (the quota of updates, say): the rule's own words.
        return noStore(429, ConsolePages.message("Not now", e.getMessage(), email));
    }
}

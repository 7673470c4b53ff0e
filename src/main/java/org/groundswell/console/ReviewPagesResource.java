package org.groundswell.console;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import org.groundswell.common.HumanNumbers;
import org.groundswell.common.RelativeTime;
import org.groundswell.signature.review.ReviewRepository;
import org.groundswell.signature.review.ReviewService;

import java.time.Duration;
import java.util.List;

import static org.groundswell.web.HtmlResponses.noStore;

/**
 * The review queue as pages (owner, editor): held and recent signatures grouped by address hash, domain and minute;
 * Release and Invalidate ask first ("Release 12 signatures?") and act on the confirming POST. The rules are
 * {@link ReviewService}'s, as for the API.
 */
@Path("/organise/campaigns/{slug}/review")
@Tag(name = "console")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class ReviewPagesResource {

    private final ReviewService review;
    private final CampaignPagesSupport pages;

    public ReviewPagesResource(ReviewService review, CampaignPagesSupport pages) {
        this.review = review;
        this.pages = pages;
    }

    /** A way of grouping, as the page shows it. */
    public record Section(String by, String heading, String keyLabel, List<ReviewRepository.Group> groups) {
    }

    @GET
    @Operation(summary = "Console page: held and recent signatures grouped by address hash, domain and minute (owner, editor)")
    public Response queue(@PathParam("slug") @Size(max = 80) String slug,
                          @QueryParam("hours") @DefaultValue("24") @Min(1) @Max(720) int hours,
                          @QueryParam("released") @Min(0) Integer released, @QueryParam("invalidated") @Min(0) Integer invalidated) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.REVIEW);
            ReviewService.Review found = review.review(opened.campaign(), Duration.ofHours(hours));
            String done = released != null ? "Released " + HumanNumbers.grouped(released) + (released == 1 ? " signature" : " signatures")
                    + ": their confirmation mails are on their way."
                    : invalidated != null ? "Invalidated " + HumanNumbers.grouped(invalidated) + (invalidated == 1 ? " signature" : " signatures")
                    + ": out of the count and of exports." : null;
            List<Section> sections = List.of(
                    new Section("address", "By client address", "Address hash", found.byAddress()),
                    new Section("domain", "By e-mail domain", "Domain", found.byDomain()),
                    new Section("minute", "By minute", "Minute (UTC)", found.byMinute()));
            return noStore(200, CampaignPages.review(opened.header(), hours, found.since(), sections, done));
        });
    }

    @GET
    @Path("release")
    @Operation(summary = "Console page: \"Release N signatures?\", the step before releasing a group (owner, editor)")
    public Response confirmRelease(@PathParam("slug") @Size(max = 80) String slug, @QueryParam("by") @Size(max = 10) String by,
                                   @QueryParam("key") @Size(max = 253) String key,
                                   @QueryParam("hours") @DefaultValue("24") @Min(1) @Max(720) int hours) {
        return confirm(slug, by, key, hours, true);
    }

    @POST
    @Path("release")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: release a group's held signatures; their confirmation mails go out (owner, editor)")
    public Response release(@PathParam("slug") @Size(max = 80) String slug, @FormParam("by") @Size(max = 10) String by,
                            @FormParam("key") @Size(max = 253) String key, @FormParam("from") @Size(max = 40) String from) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.REVIEW);
            int n = review.release(opened.campaign(), ReviewChoice.of(by, key, from).selection()).released();
            return CampaignPagesSupport.seeOther(opened.campaign().slug(), CampaignNav.Page.REVIEW, "released=" + n);
        });
    }

    @GET
    @Path("invalidate")
    @Operation(summary = "Console page: \"Invalidate N signatures?\", the step before invalidating a group (owner, editor)")
    public Response confirmInvalidate(@PathParam("slug") @Size(max = 80) String slug, @QueryParam("by") @Size(max = 10) String by,
                                      @QueryParam("key") @Size(max = 253) String key,
                                      @QueryParam("hours") @DefaultValue("24") @Min(1) @Max(720) int hours) {
        return confirm(slug, by, key, hours, false);
    }

    @POST
    @Path("invalidate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: invalidate a group's signatures: out of the count and of exports (owner, editor)")
    public Response invalidate(@PathParam("slug") @Size(max = 80) String slug, @FormParam("by") @Size(max = 10) String by,
                               @FormParam("key") @Size(max = 253) String key, @FormParam("from") @Size(max = 40) String from) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.REVIEW);
            int n = review.invalidate(opened.campaign(), ReviewChoice.of(by, key, from).selection());
            return CampaignPagesSupport.seeOther(opened.campaign().slug(), CampaignNav.Page.REVIEW, "invalidated=" + n);
        });
    }

    /** The confirmation step: how many signatures of the group the action would take, counted in the same window. */
    private Response confirm(String slug, String by, String key, int hours, boolean release) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.REVIEW);
            ReviewService.Review found = review.review(opened.campaign(), Duration.ofHours(hours));
            ReviewChoice choice = ReviewChoice.of(by, key, RelativeTime.iso(found.since()));
            List<ReviewRepository.Group> groups = switch (choice.by()) {
                case "address" -> found.byAddress();
                case "domain" -> found.byDomain();
                default -> found.byMinute();
            };
            long n = groups.stream().filter(g -> g.key().equals(choice.key()))
                    .mapToLong(g -> release ? g.held() : g.total() - g.invalidated()).findFirst().orElse(0);
            return noStore(200, CampaignPages.reviewConfirm(opened.header(), release, choice, n,
                    choice.from() == null ? "" : RelativeTime.iso(choice.from()), hours));
        });
    }
}

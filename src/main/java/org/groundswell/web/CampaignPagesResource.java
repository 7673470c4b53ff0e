package org.groundswell.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.CampaignStatus;
import org.groundswell.campaign.PlaceCounts;
import org.groundswell.common.FieldError;
import org.groundswell.common.UnavailableException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.congress.UsPlaces;
import org.groundswell.http.PublicReads;
import org.groundswell.security.ClientAddress;
import org.groundswell.signature.SignatureInput;
import org.groundswell.signature.SigningService;
import org.groundswell.signature.SigningResult;

import java.time.Instant;

import static org.groundswell.web.HtmlResponses.HTML;
import static org.groundswell.web.HtmlResponses.html;
import static org.groundswell.web.HtmlResponses.noStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The public pages: the list of campaigns, a campaign with its signing form, and the form's answer. */
@Path("/")
@Tag(name = "pages")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class CampaignPagesResource {

    private final CampaignService campaigns;
    private final SigningService signatures;
    private final FormGuard guard;
    private final PublicReads reads;
    private final Validator validator;
    private final GroundswellConfig config;
    private final MeterRegistry registry;

    public CampaignPagesResource(CampaignService campaigns, SigningService signatures, FormGuard guard,
                                 PublicReads reads, Validator validator, GroundswellConfig config, MeterRegistry registry) {
        this.campaigns = campaigns;
        this.signatures = signatures;
        this.guard = guard;
        this.reads = reads;
        this.validator = validator;
        this.config = config;
        this.registry = registry;
    }

    @GET
    @Operation(summary = "Page: the open campaigns")
    public TemplateInstance index() {
        return WebPages.index(campaigns.listPublic(null, CampaignStatus.OPEN, 0, 100).items());
    }

    /** The same page for every visitor, rebuilt at most every half second (see {@link PublicReads}). */
    @GET
    @Path("c/{slug}")
    @Operation(summary = "Page: a campaign, its progress and the signing form")
    public Response campaign(@PathParam("slug") String slug, @HeaderParam("If-None-Match") String ifNoneMatch) {
        PublicReads.Representation page = reads.get(slug, PublicReads.View.CAMPAIGN_PAGE, () -> campaigns.findFresh(slug)
                .map(campaign -> {
                    PlaceCounts counts = campaigns.counts(campaign);
                    String html = WebPages.campaign(new CampaignPage(campaign, counts, url(campaign), SignForm.EMPTY,
                            Map.of(), guard.stamp())).render();
                    // The ETag stands for what the page shows, not for the stamp in its form.
                    return PublicReads.Built.of(html, HTML.toString(), Instant.now(), campaign.updatedAt() + "/" + counts);
                })
                .orElse(null));
        return page == null ? notFound() : page.toResponse(ifNoneMatch);
    }

    @POST
    @Path("c/{slug}")
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Form: sign a campaign from its page")
    public CompletionStage<Response> sign(@PathParam("slug") String slug, MultivaluedMap<String, String> fields,
                                          @Context HttpServerRequest request) {
        Optional<CampaignSnapshot> found = campaigns.findPublic(slug);
        if (found.isEmpty()) {
            return done(notFound());
        }
        // Where the form comes from was checked in front of the REST layer (org.groundswell.http.CrossSiteForms).
        CampaignSnapshot campaign = found.get();
        SignForm form = SignForm.of(fields);
        String stamp = fields.getFirst("stamp");
        FormGuard.Verdict verdict = guard.judge(stamp, fields.getFirst("website"));
        if (verdict.isBot()) {
            // Quietly: a bot learns nothing from the answer.
            registry.counter("groundswell.form.rejected", "reason", verdict.name()).increment();
            Log.debugf("Ignored a form for %s: %s", slug, verdict);
            return done(html(200, WebPages.checkEmail(campaign)));
        }
        if (verdict == FormGuard.Verdict.EXPIRED) {
            return done(formAgain(400, campaign, form, Map.of("form", "This page was open for a long time. Please check the form and send it again."),
                    guard.stamp()));
        }
        if (verdict == FormGuard.Verdict.TOO_FAST) {
            return done(formAgain(400, campaign, form, Map.of("form", "Please check your details and send the form again."), stamp));
        }
        if (!campaign.isOpenForSigning()) {
            return done(formAgain(409, campaign, form, Map.of(), stamp));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        SignatureInput input = toInput(form, errors);
        for (ConstraintViolation<SignatureInput> violation : validator.validate(input)) {
            errors.putIfAbsent(formField(violation.getPropertyPath().toString(), form), violation.getMessage());
        }
        if (!errors.isEmpty()) {
            // The stamp of the first serving goes on, so fixing a typo quickly is not taken for a bot.
            return done(formAgain(400, campaign, form, errors, stamp));
        }
        return signatures.sign(campaign, input, ClientAddress.of(request)).thenApply(result -> {
            if (result instanceof SigningResult.Accepted) {
                return html(200, WebPages.checkEmail(campaign));
            }
            if (result instanceof SigningResult.Closed) {
                return formAgain(409, campaign, form, Map.of(), stamp);
            }
            for (FieldError error : ((SigningResult.Invalid) result).errors()) {
                errors.putIfAbsent(formField(error.field(), form), error.message());
            }
            return formAgain(400, campaign, form, errors, stamp);
        }).exceptionally(failure -> {
            // Not written (the database is unreachable, or refused a value): the form again, as typed, to send again.
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            boolean unavailable = cause instanceof UnavailableException;
            // With the database unreachable the counts by place cannot be read either: the page shows the total only.
            PlaceCounts counts = unavailable ? new PlaceCounts(campaign.signatureCount(), List.of(), List.of(), List.of())
                    : campaigns.counts(campaign);
            Response page = formAgain(unavailable ? 503 : 400, campaign, counts, form, Map.of("form", unavailable
                    ? "We could not record your signature just now. Please send the form again in a moment."
                    : "We could not record this signature. Please check your details and send the form again."), stamp);
            return unavailable ? Response.fromResponse(page).header("Retry-After", "5").build() : page;
        });
    }

    private SignatureInput toInput(SignForm form, Map<String, String> errors) {
        Integer district = null;
        if (form.inUnitedStates()) {
            UsPlaces.DistrictText parsed = UsPlaces.DistrictText.parse(form.district());
            if (!parsed.valid()) {
                errors.put("district", UsPlaces.DISTRICT_TEXT_MESSAGE);
            }
            district = parsed.district();
        }
        String region = form.inUnitedStates() ? form.state() : form.region();
        return new SignatureInput(form.name(), form.email(), form.country().isBlank() ? null : form.country(),
                region.isBlank() ? null : region, form.postalCode().isBlank() ? null : form.postalCode(), district,
                form.consent());
    }

    /** The form field an API field error belongs to: the region is the state select for U.S. supporters. */
    private static String formField(String apiField, SignForm form) {
        return "region".equals(apiField) && form.inUnitedStates() ? "state" : apiField;
    }

    /** The form again, as typed, with its errors: for this visitor only, so never stored by any cache. */
    private Response formAgain(int status, CampaignSnapshot campaign, SignForm form, Map<String, String> errors, String stamp) {
        return formAgain(status, campaign, campaigns.counts(campaign), form, errors, stamp);
    }

    private Response formAgain(int status, CampaignSnapshot campaign, PlaceCounts counts, SignForm form, Map<String, String> errors,
                               String stamp) {
        return noStore(status, WebPages.campaign(new CampaignPage(campaign, counts, url(campaign), form, errors, stamp)));
    }

    private String url(CampaignSnapshot campaign) {
        return config.campaignUrl(campaign.slug());
    }

    private Response notFound() {
        return html(404, WebPages.error(404, "Campaign not found",
                "There is no campaign at this address. It may have been renamed, or the link may be incomplete."));
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }
}

package org.groundswell.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.PlaceCounts;
import org.groundswell.common.FieldError;
import org.groundswell.common.UnavailableException;
import org.groundswell.congress.UsPlaces;
import org.groundswell.security.ClientAddress;
import org.groundswell.signature.SignatureInput;
import org.groundswell.signature.SigningResult;
import org.groundswell.signature.SigningService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A signing form sent from one of the pages (the campaign page or its widget), taken by the same rules whichever
 * sent it: the bot defences ({@link FormGuard}: honeypot, signed stamp, minimum time), the API's validation and
 * {@link SigningService} (limits, group commit). Where the form comes from was checked in front of the REST layer
 * ({@link org.groundswell.http.CrossSiteForms}). Answers what became of it; the page renders that.
 */
@ApplicationScoped
public class SigningForms {

    private final CampaignService campaigns;
    private final SigningService signatures;
    private final FormGuard guard;
    private final Validator validator;
    private final MeterRegistry registry;

    public SigningForms(CampaignService campaigns, SigningService signatures, FormGuard guard, Validator validator,
                        MeterRegistry registry) {
        this.campaigns = campaigns;
        this.signatures = signatures;
        this.guard = guard;
        this.validator = validator;
        this.registry = registry;
    }

    /** A stamp for a form served now. */
    public String stamp() {
        return guard.stamp();
    }

    /**
     * A form sent for the public campaign at {@code slug}, answered as a page: {@code notFound} when there is none, else
     * what became of it as the sending page shows it, {@code again} (with Retry-After added when the service could
     * not take it now) or {@code thanks}.
     */
    public CompletionStage<Response> answer(String slug, MultivaluedMap<String, String> fields, HttpServerRequest request,
                                            Supplier<Response> notFound,
                                            BiFunction<CampaignSnapshot, FormAnswer.Again, Response> again,
                                            Function<CampaignSnapshot, Response> thanks) {
        Optional<CampaignSnapshot> found = campaigns.findPublic(slug);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(notFound.get());
        }
        CampaignSnapshot campaign = found.get();
        return take(campaign, fields, request).thenApply(answer -> {
            if (answer instanceof FormAnswer.Again formAgain) {
                Response page = again.apply(campaign, formAgain);
                return formAgain.retryAfterSeconds() > 0
                        ? Response.fromResponse(page).header("Retry-After", Integer.toString(formAgain.retryAfterSeconds())).build()
                        : page;
            }
            return thanks.apply(campaign);
        });
    }

    public CompletionStage<FormAnswer> take(CampaignSnapshot campaign, MultivaluedMap<String, String> fields,
                                            HttpServerRequest request) {
        SignForm form = SignForm.of(fields);
        String stamp = fields.getFirst("stamp");
        FormGuard.Verdict verdict = guard.judge(stamp, fields.getFirst("website"));
        if (verdict.isBot()) {
            // Quietly: a bot learns nothing from the answer.
            registry.counter("groundswell.form.rejected", "reason", verdict.name()).increment();
            Log.debugf("Ignored a form for %s: %s", campaign.slug(), verdict);
            return done(new FormAnswer.Thanks());
        }
        if (verdict == FormGuard.Verdict.EXPIRED) {
            return done(again(400, campaign, form, Map.of("form", "This page was open for a long time. Please check the form and send it again."),
                    guard.stamp()));
        }
        if (verdict == FormGuard.Verdict.TOO_FAST) {
            return done(again(400, campaign, form, Map.of("form", "Please check your details and send the form again."), stamp));
        }
        if (!campaign.isOpenForSigning()) {
            return done(again(409, campaign, form, Map.of(), stamp));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        SignatureInput input = toInput(form, errors);
        for (ConstraintViolation<SignatureInput> violation : validator.validate(input)) {
            errors.putIfAbsent(formField(violation.getPropertyPath().toString(), form), violation.getMessage());
        }
        if (!errors.isEmpty()) {
            // The stamp of the first serving goes on, so fixing a typo quickly is not taken for a bot.
            return done(again(400, campaign, form, errors, stamp));
        }
        return signatures.sign(campaign, input, ClientAddress.of(request)).<FormAnswer>thenApply(result -> {
            if (result instanceof SigningResult.Accepted) {
                return new FormAnswer.Thanks();
            }
            if (result instanceof SigningResult.Closed) {
                return again(409, campaign, form, Map.of(), stamp);
            }
            for (FieldError error : ((SigningResult.Invalid) result).errors()) {
                errors.putIfAbsent(formField(error.field(), form), error.message());
            }
            return again(400, campaign, form, errors, stamp);
        }).exceptionally(failure -> {
            // Not written (the database is unreachable, or refused a value): the form again, as typed, to send again.
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            boolean unavailable = cause instanceof UnavailableException;
            // With the database unreachable the counts by place cannot be read either: the page shows the total only.
            PlaceCounts counts = unavailable ? new PlaceCounts(campaign.signatureCount(), List.of(), List.of(), List.of())
                    : campaigns.counts(campaign);
            return new FormAnswer.Again(unavailable ? 503 : 400, form, Map.of("form", unavailable
                    ? "We could not record your signature just now. Please send the form again in a moment."
                    : "We could not record this signature. Please check your details and send the form again."), stamp,
                    counts, unavailable ? 5 : 0);
        });
    }

    private FormAnswer.Again again(int status, CampaignSnapshot campaign, SignForm form, Map<String, String> errors, String stamp) {
        return new FormAnswer.Again(status, form, errors, stamp, campaigns.counts(campaign), 0);
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

    private static CompletionStage<FormAnswer> done(FormAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}

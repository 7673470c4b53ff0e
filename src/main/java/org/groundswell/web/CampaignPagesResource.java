package org.groundswell.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.qute.TemplateInstance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.Campaign;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignStatus;
import org.groundswell.common.FieldError;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.congress.UsPlaces;
import org.groundswell.signature.SignatureInput;
import org.groundswell.signature.SignatureService;
import org.groundswell.signature.SigningResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The public pages: the list of campaigns, a campaign with its signing form, and the form's answer. */
@Path("/")
@Tag(name = "pages")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class CampaignPagesResource {

    private final CampaignService campaigns;
    private final SignatureService signatures;
    private final FormGuard guard;
    private final Validator validator;
    private final GroundswellConfig config;
    private final MeterRegistry registry;

    public CampaignPagesResource(CampaignService campaigns, SignatureService signatures, FormGuard guard, Validator validator,
                                 GroundswellConfig config, MeterRegistry registry) {
        this.campaigns = campaigns;
        this.signatures = signatures;
        this.guard = guard;
        this.validator = validator;
        this.config = config;
        this.registry = registry;
    }

    @GET
    @Operation(summary = "Page: the open campaigns")
    public TemplateInstance index() {
        return WebPages.index(campaigns.listPublic(null, CampaignStatus.OPEN, 0, 100).items());
    }

    @GET
    @Path("c/{slug}")
    @Operation(summary = "Page: a campaign, its progress and the signing form")
    public Response campaign(@PathParam("slug") String slug, @CookieParam(FormGuard.CSRF_COOKIE) String csrfCookie) {
        Optional<Campaign> campaign = campaigns.findPublic(slug);
        if (campaign.isEmpty()) {
            return notFound();
        }
        String csrf = csrfCookie != null && !csrfCookie.isBlank() ? csrfCookie : guard.newCsrfToken();
        return page(200, campaign.get(), SignForm.EMPTY, Map.of(), csrf, guard.stamp());
    }

    @POST
    @Path("c/{slug}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Form: sign a campaign from its page")
    public Response sign(@PathParam("slug") String slug, @CookieParam(FormGuard.CSRF_COOKIE) String csrfCookie,
                         MultivaluedMap<String, String> fields) {
        Optional<Campaign> found = campaigns.findPublic(slug);
        if (found.isEmpty()) {
            return notFound();
        }
        Campaign campaign = found.get();
        if (!guard.csrfMatches(csrfCookie, fields.getFirst("csrf"))) {
            return html(403, WebPages.error(403, "Please try again",
                    "This form could not be checked (it may have been open too long, or cookies are off). Go back, reload the page and send it again."));
        }
        SignForm form = SignForm.of(fields);
        String stamp = fields.getFirst("stamp");
        FormGuard.Verdict verdict = guard.judge(stamp, fields.getFirst("website"));
        if (verdict.isBot()) {
            // Quietly: a bot learns nothing from the answer.
            registry.counter("groundswell.form.rejected", "reason", verdict.name()).increment();
            Log.debugf("Ignored a form for %s: %s", slug, verdict);
            return html(200, WebPages.checkEmail(campaign));
        }
        if (verdict == FormGuard.Verdict.EXPIRED) {
            return page(400, campaign, form, Map.of("form", "This page was open for a long time. Please check the form and send it again."),
                    csrfCookie, guard.stamp());
        }
        if (verdict == FormGuard.Verdict.TOO_FAST) {
            return page(400, campaign, form, Map.of("form", "Please check your details and send the form again."), csrfCookie, stamp);
        }
        if (!campaign.isOpenForSigning()) {
            return page(409, campaign, form, Map.of(), csrfCookie, stamp);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        SignatureInput input = toInput(form, errors);
        for (ConstraintViolation<SignatureInput> violation : validator.validate(input)) {
            errors.putIfAbsent(formField(violation.getPropertyPath().toString(), form), violation.getMessage());
        }
        if (errors.isEmpty()) {
            SigningResult result = signatures.sign(campaign, input);
            if (result instanceof SigningResult.Accepted) {
                return html(200, WebPages.checkEmail(campaign));
            }
            if (result instanceof SigningResult.Closed) {
                return page(409, campaign, form, Map.of(), csrfCookie, stamp);
            }
            for (FieldError error : ((SigningResult.Invalid) result).errors()) {
                errors.putIfAbsent(formField(error.field(), form), error.message());
            }
        }
        // The stamp of the first serving goes on, so fixing a typo quickly is not taken for a bot.
        return page(400, campaign, form, errors, csrfCookie, stamp);
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

    private Response page(int status, Campaign campaign, SignForm form, Map<String, String> errors, String csrf, String stamp) {
        CampaignPage page = new CampaignPage(campaign, config.publicBaseUrl() + "/c/" + campaign.slug, form, errors, csrf, stamp);
        NewCookie cookie = new NewCookie.Builder(FormGuard.CSRF_COOKIE).value(csrf).path("/c/").httpOnly(true)
                .secure(config.publicBaseUrl().startsWith("https:")).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.status(status).entity(WebPages.campaign(page)).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .cookie(cookie).header("Cache-Control", "no-store").build();
    }

    private Response notFound() {
        return html(404, WebPages.error(404, "Campaign not found",
                "There is no campaign at this address. It may have been renamed, or the link may be incomplete."));
    }

    private static Response html(int status, TemplateInstance page) {
        return Response.status(status).entity(page).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}

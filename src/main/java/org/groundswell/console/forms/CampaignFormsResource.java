package org.groundswell.console.forms;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignInput;
import org.groundswell.campaign.CampaignPatch;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.congress.CongressDirectory;
import org.groundswell.congress.UsPlaces;
import org.groundswell.common.ConflictException;
import org.groundswell.common.FieldError;
import org.groundswell.common.ForbiddenActionException;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.console.ConsolePages;
import org.groundswell.problem.ProblemMappers;
import org.groundswell.security.Caller;
import org.groundswell.security.SessionCookieMechanism;
import org.groundswell.signature.ConfirmationService;
import org.groundswell.steps.Supporter;
import org.groundswell.web.Places;
import org.groundswell.web.WebPages;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

import static org.groundswell.web.HtmlResponses.noStore;

/**
 * The console's campaign form (new and edit) and the preview of what a supporter gets. Another client of the
 * campaign rules, not a second set of them: the form becomes the API's own input records, checked by the same
 * Bean Validation constraints, then handed to the same {@link CampaignService} methods, whose field errors come
 * back beside the fields. Access is {@link CampaignAccess}'s (EDIT); a page that needs a session sends the browser
 * to the sign-in form; {@code ConsoleGuard} has refused cross-site posts before anything here runs.
 */
@Path("/organise/campaigns")
@Tag(name = "console")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class CampaignFormsResource {

    private final CampaignService campaigns;
    private final ConfirmationService confirmations;
    private final UsPlaces places;
    private final CongressDirectory congress;
    private final Validator validator;
    private final Caller caller;

    public CampaignFormsResource(CampaignService campaigns, ConfirmationService confirmations, UsPlaces places,
                                 CongressDirectory congress, Validator validator, Caller caller) {
        this.campaigns = campaigns;
        this.confirmations = confirmations;
        this.places = places;
        this.congress = congress;
        this.validator = validator;
        this.caller = caller;
    }

    @GET
    @Path("new")
    @Operation(summary = "Console page: the form for a new campaign (organisers)")
    public Response newForm() {
        return signedIn(() -> {
            requireOrganiser();
            return form(200, new CampaignFormPage(CampaignForm.empty(), null, null, List.of(), null, -1));
        });
    }

    @POST
    @Path("new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: create the campaign, or add, remove or move a step and show the form again")
    public Response create(MultivaluedMap<String, String> sent) {
        return signedIn(() -> {
            long owner = requireOrganiser();
            CampaignForm form = CampaignForm.read(sent);
            OptionalInt stepCommand = form.apply(sent.getFirst("action"));
            if (stepCommand.isPresent()) {
                return form(200, new CampaignFormPage(form, null, null, List.of(), null, stepCommand.getAsInt()));
            }
            List<FieldError> errors = new ArrayList<>();
            CampaignInput input = form.toInput(errors);
            errors.addAll(violations(validator.validate(input), errors));
            if (errors.isEmpty()) {
                try {
                    CampaignSnapshot created = campaigns.create(owner, input);
                    return Response.seeOther(URI.create("/organise/campaigns/" + created.slug() + "/edit?saved=created")).build();
                } catch (InvalidInputException e) {
                    errors.addAll(e.errors().isEmpty() ? List.of(new FieldError("form", e.getMessage())) : e.errors());
                } catch (ConflictException e) {
                    errors.add(new FieldError("slug", e.getMessage()));
                }
            }
            return form(400, new CampaignFormPage(form, null, null, errors, null, -1));
        });
    }

    @GET
    @Path("{slug}/edit")
    @Operation(summary = "Console page: the form of a campaign (owner or editor)")
    public Response editForm(@PathParam("slug") String slug, @QueryParam("saved") String saved) {
        return signedIn(() -> {
            CampaignSnapshot campaign = campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.EDIT);
            String notice = saved == null ? null : "created".equals(saved)
                    ? "The campaign is created, as " + campaign.status().name().toLowerCase(java.util.Locale.ROOT) + "."
                    : "Your changes are saved.";
            return form(200, new CampaignFormPage(CampaignForm.of(campaign), campaign.slug(), campaign.status(), List.of(), notice, -1));
        });
    }

    @POST
    @Path("{slug}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: save the campaign, or add, remove or move a step and show the form again")
    public Response update(@PathParam("slug") String slug, MultivaluedMap<String, String> sent) {
        return signedIn(() -> {
            CampaignSnapshot campaign = campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.EDIT);
            CampaignForm form = CampaignForm.read(sent);
            form.slug = campaign.slug();
            OptionalInt stepCommand = form.apply(sent.getFirst("action"));
            if (stepCommand.isPresent()) {
                return form(200, new CampaignFormPage(form, campaign.slug(), campaign.status(), List.of(), null, stepCommand.getAsInt()));
            }
            List<FieldError> errors = new ArrayList<>();
            CampaignPatch patch = form.toPatch(errors);
            errors.addAll(violations(validator.validate(patch), errors));
            if (errors.isEmpty()) {
                try {
                    campaigns.update(campaign, patch);
                    return Response.seeOther(URI.create("/organise/campaigns/" + campaign.slug() + "/edit?saved=1")).build();
                } catch (InvalidInputException e) {
                    errors.addAll(e.errors().isEmpty() ? List.of(new FieldError("form", e.getMessage())) : e.errors());
                } catch (ConflictException e) {
                    errors.add(new FieldError("status", e.getMessage()));
                }
            }
            return form(400, new CampaignFormPage(form, campaign.slug(), campaign.status(), errors, null, -1));
        });
    }

    @GET
    @Path("{slug}/preview")
    @Operation(summary = "Console page: the confirmed page and the steps mail as a supporter at a place would get them; nothing is sent or stored")
    public Response preview(@PathParam("slug") String slug, @QueryParam("country") String country,
                            @QueryParam("region") String region, @QueryParam("district") String district,
                            @QueryParam("name") String name) {
        return signedIn(() -> {
            CampaignSnapshot campaign = campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.EDIT);
            boolean asked = country != null || region != null || district != null || name != null;
            String c = asked ? text(country, 10).toUpperCase(java.util.Locale.ROOT) : "US";
            String r = asked ? text(region, 60) : "WA";
            String d = asked ? text(district, 2) : "7";
            String n = asked ? text(name, 100) : "Ada";
            Map<String, String> errors = new LinkedHashMap<>();
            if (n.isBlank()) {
                errors.put("name", "Name: please enter the supporter's name, such as Ada.");
            }
            if (Places.COUNTRIES.stream().noneMatch(choice -> choice.code().equals(c))) {
                errors.put("country", "Country: please choose a country.");
            }
            UsPlaces.DistrictText districtText = UsPlaces.DistrictText.parse(d);
            UsPlaces.Checked place = null;
            if (!districtText.valid()) {
                errors.put("district", "District: " + UsPlaces.DISTRICT_TEXT_MESSAGE + ".");
            } else if (!errors.containsKey("country")) {
                place = places.forSupporter(c, r, districtText.district());
                for (FieldError error : place.errors()) {
                    String field = "region".equals(error.field()) ? "region" : "district";
                    errors.put(field, ("region".equals(field) ? "State: " : "District: ") + error.message() + ".");
                }
            }
            PreviewPage page;
            if (errors.isEmpty()) {
                Supporter supporter = new Supporter(n.strip(), c, place.place().region(), null, place.place().district());
                ConfirmationService.Preview preview = confirmations.preview(campaign, supporter);
                String confirmedPage = WebPages.confirmed(preview.confirmation(), preview.removeUrl()).render();
                List<PreviewPage.Representative> representatives = !supporter.isInUnitedStates() ? List.of()
                        : PreviewPage.representatives(congress.of(supporter.region()), supporter.district(), campaign.steps());
                page = new PreviewPage(campaign, c, r, d, n, errors, PreviewPage.inside(confirmedPage, "main"),
                        preview.stepsMail().subject(), PreviewPage.inside(preview.stepsMail().htmlBody(), "body"),
                        preview.stepsMail().textBody(), representatives);
            } else {
                page = new PreviewPage(campaign, c, r, d, n, errors, null, null, null, null, List.of());
            }
            return noStore(errors.isEmpty() ? 200 : 400, CampaignFormPages.preview(email(), page));
        });
    }

    /** Only organisers create campaigns (a team member works on the campaigns they were invited to). */
    private long requireOrganiser() {
        return caller.organiserId().orElseThrow(() -> new ForbiddenActionException(
                "Only organisers create campaigns. As a member of a campaign's team, you work on the campaigns you were invited to."));
    }

    /** With a session, the page; without, the sign-in form; a campaign one may not see or edit, a page that says so. */
    private Response signedIn(Supplier<Response> page) {
        if (!caller.hasSession()) {
            return Response.seeOther(URI.create(SessionCookieMechanism.PATH)).build();
        }
        try {
            return page.get();
        } catch (UnknownResourceException e) {
            return noStore(404, ConsolePages.message("Campaign not found",
                    "There is no such campaign among yours. It may have another address, or belong to someone else.", email()));
        } catch (ForbiddenActionException e) {
            return noStore(403, ConsolePages.message("Not allowed", e.getMessage(), email()));
        }
    }

    private Response form(int status, CampaignFormPage page) {
        return noStore(status, CampaignFormPages.edit(email(), page));
    }

    /** The violations as the API reports them, leaving out fields that already have an error (a value of the wrong type). */
    private static <T> List<FieldError> violations(Set<ConstraintViolation<T>> violations, List<FieldError> already) {
        Set<String> taken = new java.util.HashSet<>();
        already.forEach(error -> taken.add(error.field()));
        return violations.stream().map(v -> new FieldError(ProblemMappers.fieldName(v), v.getMessage()))
                .filter(error -> !taken.contains(error.field())).toList();
    }

    private String email() {
        return caller.email().orElse(null);
    }

    private static String text(String value, int max) {
        String v = value == null ? "" : value.strip();
        return v.length() > max ? v.substring(0, max) : v;
    }
}

package org.groundswell.console;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
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
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.FieldError;
import org.groundswell.common.HumanNumbers;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.Tokens;
import org.groundswell.steps.MessageTemplates;
import org.groundswell.updates.UpdateResource;
import org.groundswell.updates.UpdateService;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.groundswell.web.HtmlResponses.noStore;

/**
 * Updates as pages (owner, editor): compose, "Send me a test" (to the signed-in person), then "Send to N supporters"
 * after a confirmation step that shows N; the past updates with their mails queued, sent and failed. The same
 * validation as the API ({@link UpdateResource.NewUpdate}, the update's template) and the same service.
 */
@Path("/organise/campaigns/{slug}/updates")
@Tag(name = "console")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class UpdatePagesResource {

    private final UpdateService updates;
    private final CampaignPagesSupport pages;
    private final Validator validator;

    public UpdatePagesResource(UpdateService updates, CampaignPagesSupport pages, Validator validator) {
        this.updates = updates;
        this.pages = pages;
        this.validator = validator;
    }

    /** What the form holds, and what is wrong with it (null: nothing). */
    public record Draft(String subject, String body, String subjectError, String bodyError) {
        static final Draft EMPTY = new Draft("", "", null, null);

        boolean valid() {
            return subjectError == null && bodyError == null;
        }
    }

    /** A past update as the list shows it. */
    public record Past(String subject, boolean test, int recipients, long queued, long sent, long failed, Instant createdAt) {
    }

    @GET
    @Operation(summary = "Console page: compose an update, send a test, see past updates and their mails (owner, editor)")
    public Response compose(@PathParam("slug") @Size(max = 80) String slug, @QueryParam("draft") @Min(1) Long draftId,
                            @QueryParam("sent") @Min(0) Integer sent) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.UPDATES);
            List<UpdateService.Sent> list = updates.list(opened.campaign());
            Draft draft = draftId == null ? Draft.EMPTY : list.stream().filter(s -> s.update().id() == draftId).findFirst()
                    .map(s -> new Draft(s.update().subject(), s.update().body(), null, null)).orElse(Draft.EMPTY);
            String done = draftId != null && draft != Draft.EMPTY ? "Test sent to " + opened.email()
                    + ". Check your mailbox; the form below still holds the update."
                    : sent != null ? "Update queued for " + HumanNumbers.grouped(sent)
                    + (sent == 1 ? " supporter." : " supporters.") : null;
            return page(opened, 200, draft, list, done);
        });
    }

    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: send the update as a test to the signed-in person only (owner, editor)")
    public Response test(@PathParam("slug") @Size(max = 80) String slug, @FormParam("subject") String subject,
                         @FormParam("body") String body) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.UPDATES);
            Draft draft = check(subject, body);
            if (!draft.valid()) {
                return page(opened, 400, draft, updates.list(opened.campaign()), null);
            }
            UpdateService.Queued queued = updates.sendTest(opened.campaign(), draft.subject(), draft.body(), opened.email());
            return CampaignPagesSupport.seeOther(opened.campaign().slug(), CampaignNav.Page.UPDATES, "draft=" + queued.id());
        });
    }

    @POST
    @Path("confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console page: \"Send to N supporters?\", the step before sending; sends nothing (owner, editor)")
    public Response confirm(@PathParam("slug") @Size(max = 80) String slug, @FormParam("subject") String subject,
                            @FormParam("body") String body) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.UPDATES);
            Draft draft = check(subject, body);
            if (!draft.valid()) {
                return page(opened, 400, draft, updates.list(opened.campaign()), null);
            }
            // A key for this confirmation: pressing the button twice sends once.
            return noStore(200, CampaignPages.updateConfirm(opened.header(), draft, updates.audience(opened.campaign()),
                    Tokens.newToken()));
        });
    }

    @POST
    @Path("send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: send the update to the campaign's confirmed, consenting supporters (owner, editor)")
    public Response send(@PathParam("slug") @Size(max = 80) String slug, @FormParam("subject") String subject,
                         @FormParam("body") String body, @FormParam("key") @Size(max = 200) String key) {
        return pages.respond(() -> {
            CampaignPagesSupport.Opened opened = pages.open(slug, CampaignNav.Page.UPDATES);
            Draft draft = check(subject, body);
            if (!draft.valid()) {
                return page(opened, 400, draft, updates.list(opened.campaign()), null);
            }
            UpdateService.Queued queued = updates.send(opened.campaign(), draft.subject(), draft.body(), false,
                    key == null || key.isBlank() ? null : "console-" + key.strip());
            return CampaignPagesSupport.seeOther(opened.campaign().slug(), CampaignNav.Page.UPDATES, "sent=" + queued.recipients());
        });
    }

    private Response page(CampaignPagesSupport.Opened opened, int status, Draft draft, List<UpdateService.Sent> list, String done) {
        CampaignSnapshot campaign = opened.campaign();
        List<Past> past = list.stream().map(s -> new Past(s.update().subject(), s.update().test(), s.update().recipients(),
                s.queued(), s.sent(), s.failed(), s.update().createdAt())).toList();
        return noStore(status, CampaignPages.updates(opened.header(), draft, updates.audience(campaign), past, done));
    }

    /** The API's rules for an update (sizes, clean text, the body's template), as errors beside the fields. */
    private Draft check(String subject, String body) {
        String s = subject == null ? "" : subject;
        String b = body == null ? "" : body.replace("\r\n", "\n");
        Map<String, String> errors = new HashMap<>();
        for (ConstraintViolation<UpdateResource.NewUpdate> v : validator.validate(new UpdateResource.NewUpdate(s, b, false))) {
            errors.putIfAbsent(v.getPropertyPath().toString(), v.getMessage());
        }
        if (!errors.containsKey("body")) {
            try {
                MessageTemplates.validateUpdate("body", b);
            } catch (InvalidInputException e) {
                errors.put("body", e.errors().stream().map(FieldError::message).findFirst().orElse(e.getMessage()));
            }
        }
        return new Draft(s, b, errors.get("subject"), errors.get("body"));
    }
}

package org.groundswell.updates;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.CleanText;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;

import java.time.Instant;
import java.util.List;

/** Updates from an organiser to the supporters of their campaign. */
@Path("/api/campaigns/{slug}/updates")
@Tag(name = "updates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ORGANISER)
public class UpdateResource {

    private final UpdateService updates;
    private final CampaignService campaigns;
    private final Caller caller;

    public UpdateResource(UpdateService updates, CampaignService campaigns, Caller caller) {
        this.updates = updates;
        this.campaigns = campaigns;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send an update to the campaign's confirmed, consenting supporters (owner): one a day per campaign "
            + "by default (429 with Retry-After beyond); \"test\": true sends it only to the organiser and does not count; "
            + "a retry with the same Idempotency-Key sends nothing more")
    public Response send(@PathParam("slug") @Size(max = 80) String slug,
                         @HeaderParam("Idempotency-Key") @Size(max = 200) String idempotencyKey,
                         @Valid @NotNull NewUpdate update) {
        CampaignSnapshot campaign = campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.SEND_UPDATES);
        UpdateService.Queued queued = updates.send(campaign, update.subject(), update.body(), Boolean.TRUE.equals(update.test()),
                idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip());
        return Response.accepted(queued).build();
    }

    @GET
    @Operation(summary = "The updates sent, with how many of their mails are queued, sent, failed or cancelled (owner or editor; "
            + "a viewer sees the dashboard only: 403)")
    public List<UpdateView> list(@PathParam("slug") @Size(max = 80) String slug) {
        return updates.list(campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.SEND_UPDATES)).stream()
                .map(UpdateView::of).toList();
    }

    /** Plain text in paragraphs (a blank line between them); {supporter.name} is the one field it may use. */
    public record NewUpdate(@NotBlank @Size(max = 200) @CleanText String subject,
                            @NotBlank @Size(max = 20_000) @CleanText(multiline = true) String body,
                            Boolean test) {
    }

    /** {@code recipients}: mails queued so far; {@code complete}: whether every chunk of them is queued. */
    public record UpdateView(long id, String subject, boolean test, int recipients, boolean complete, long queued, long sent,
                             long failed, long cancelled, Instant createdAt) {
        static UpdateView of(UpdateService.Sent s) {
            return new UpdateView(s.update().id(), s.update().subject(), s.update().test(), s.update().recipients(),
                    s.update().complete(), s.queued(), s.sent(), s.failed(), s.cancelled(), s.update().createdAt());
        }
    }
}

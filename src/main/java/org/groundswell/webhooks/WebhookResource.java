package org.groundswell.webhooks;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A campaign's signed webhooks, managed by its owner or through an API key that covers the campaign. */
@Path("/api/campaigns/{slug}/webhooks")
@Tag(name = "webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORGANISER, Roles.PARTNER})
public class WebhookResource {

    private final WebhookService webhooks;
    private final CampaignService campaigns;
    private final Caller caller;

    public WebhookResource(WebhookService webhooks, CampaignService campaigns, Caller caller) {
        this.webhooks = webhooks;
        this.campaigns = campaigns;
        this.caller = caller;
    }

    public record NewWebhook(@NotBlank @Size(max = 2000) String url,
                             @NotEmpty @Size(max = 4) List<@NotNull @Size(max = 40) String> events) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a webhook (owner or API key): https only, to a public address; answers its secret (whsec_...), shown once")
    public Response register(@PathParam("slug") @Size(max = 80) String slug, @Valid @NotNull NewWebhook webhook) {
        WebhookService.Created created = webhooks.register(owned(slug), webhook.url(), webhook.events());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    public record LastDelivery(long id, String status, Integer responseCode, Instant at) {
    }

    public record WebhookView(long id, String url, List<String> events, boolean enabled, String disabledReason, Instant disabledAt,
                              Instant createdAt, Instant previousSecretValidUntil, LastDelivery lastDelivery) {
        static WebhookView of(WebhookRepository.EndpointState e) {
            List<String> events = Arrays.stream(e.events().split(",")).filter(s -> !s.isEmpty()).toList();
            Instant previous = e.previousSecretUntil() != null && e.previousSecretUntil().isAfter(Instant.now()) ? e.previousSecretUntil() : null;
            return new WebhookView(e.id(), e.url(), events, e.enabled(), e.disabledReason(), e.disabledAt(), e.createdAt(), previous,
                    e.lastDeliveryId() == null ? null : new LastDelivery(e.lastDeliveryId(), e.lastStatus(), e.lastStatusCode(), e.lastAttemptAt()));
        }
    }

    @GET
    @Operation(summary = "The campaign's webhooks with their state: enabled or why disabled, the last delivery (owner or API key)")
    public List<WebhookView> list(@PathParam("slug") @Size(max = 80) String slug) {
        return webhooks.list(owned(slug)).stream().map(WebhookView::of).toList();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a webhook and its deliveries (owner or API key)")
    public Response delete(@PathParam("slug") @Size(max = 80) String slug, @PathParam("id") long id) {
        webhooks.delete(owned(slug), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/rotate")
    @Operation(summary = "A new secret (shown once); the one before keeps signing beside it for 24 hours (owner or API key)")
    public WebhookService.Rotated rotate(@PathParam("slug") @Size(max = 80) String slug, @PathParam("id") long id) {
        return webhooks.rotate(owned(slug), id);
    }

    public record DeliveryView(long id, String webhookId, String type, String status, int attempts, Integer responseCode,
                               String error, Instant lastAttemptAt, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt,
                               Instant erasedAt) {
        static DeliveryView of(WebhookRepository.Delivery d) {
            boolean waiting = WebhookRepository.PENDING.equals(d.status());
            return new DeliveryView(d.id(), d.messageId(), d.eventType(), d.status(), d.attempts(), d.lastStatusCode(), d.lastError(),
                    d.lastAttemptAt(), waiting ? d.nextAttemptAt() : null, d.createdAt(), d.deliveredAt(), d.erasedAt());
        }
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The webhook's last 50 deliveries: status, response code, times, next attempt (owner or API key)")
    public List<DeliveryView> deliveries(@PathParam("slug") @Size(max = 80) String slug, @PathParam("id") long id) {
        return webhooks.deliveries(owned(slug), id).stream().map(DeliveryView::of).toList();
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/retry")
    @Operation(summary = "Send a delivery again now, with the same webhook-id and body (owner or API key)")
    public Response retry(@PathParam("slug") @Size(max = 80) String slug, @PathParam("id") long id,
                          @PathParam("deliveryId") long deliveryId) {
        return Response.accepted(DeliveryView.of(webhooks.replay(owned(slug), id, deliveryId))).build();
    }

    private CampaignSnapshot owned(String slug) {
        return campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.MANAGE_WEBHOOKS);
    }
}

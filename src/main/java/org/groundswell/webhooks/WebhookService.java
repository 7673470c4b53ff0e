package org.groundswell.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignClosed;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.MilestoneReached;
import org.groundswell.common.ConflictException;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.privacy.SignaturesErased;
import org.groundswell.security.KeyWrap;
import org.groundswell.security.MasterKeys;
import org.groundswell.security.ServiceSecrets;
import org.groundswell.signature.SignatureConfirmed;
import org.groundswell.updates.UpdateSent;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of webhooks: registering an endpoint (its URL checked by {@link TargetPolicy}), its secret (shown once,
 * stored encrypted under the master secret), rotation, and queueing a delivery of each event in the event's own
 * transaction (the lower packages fire the events; this package observes them).
 */
@ApplicationScoped
public class WebhookService {

    /** How long a rotated-out secret still signs. */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    private static final int DELIVERIES_SHOWN = 50;
    /** Endpoints a campaign may have, enabled or disabled. */
    static final int MAX_ENDPOINTS = 10;

    private final WebhookRepository webhooks;
    private final WebhookDispatcher dispatcher;
    private final ServiceSecrets secrets;
    private final WebhooksConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookService(WebhookRepository webhooks, WebhookDispatcher dispatcher, ServiceSecrets secrets, WebhooksConfig config,
                          ObjectMapper json, Clock clock) {
        this.webhooks = webhooks;
        this.dispatcher = dispatcher;
        this.secrets = secrets;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    public record Created(long id, String url, List<String> events, String secret) {
    }

    @Transactional
    public Created register(CampaignSnapshot campaign, String url, List<String> events) {
        URI target = checkTarget(campaign.id(), url);
        Set<String> types = new LinkedHashSet<>();
        for (String event : events) {
            if (!WebhookPayloads.TYPES.contains(event)) {
                throw InvalidInputException.field("events", "unknown event '" + event + "'; known: " + WebhookPayloads.TYPES);
            }
            types.add(event);
        }
        webhooks.lockEndpointsOf(campaign.id());
        List<WebhookRepository.EndpointState> existing = webhooks.endpointsOf(campaign.id());
        if (existing.size() >= MAX_ENDPOINTS) {
            throw new ConflictException("This campaign already has " + existing.size() + " webhooks, the most it may have ("
                    + MAX_ENDPOINTS + "): delete one (disabled ones count too) before registering another.");
        }
        for (WebhookRepository.EndpointState endpoint : existing) {
            if (endpoint.enabled() && endpoint.url().equals(target.toString()) && eventsOf(endpoint.events()).equals(types)) {
                throw new ConflictException("This campaign already has webhook " + endpoint.id()
                        + " with this URL and these events: a second one would receive every event twice.");
            }
        }
        long id = webhooks.nextEndpointId();
        byte[] secret = WebhookSigner.newSecret();
        MasterKeys.Master master = secrets.ring().current();
        webhooks.insertEndpoint(id, campaign.id(), target.toString(), "," + String.join(",", types) + ",", master.id(),
                KeyWrap.wrap(master, wrapName(id), secret));
        return new Created(id, target.toString(), List.copyOf(types), WebhookSigner.display(secret));
    }

    @Transactional
    public List<WebhookRepository.EndpointState> list(CampaignSnapshot campaign) {
        return webhooks.endpointsOf(campaign.id());
    }

    @Transactional
    public void delete(CampaignSnapshot campaign, long id) {
        if (!webhooks.deleteEndpoint(campaign.id(), id)) {
            throw unknown(id);
        }
    }

    public record Rotated(long id, String secret, Instant previousSecretValidUntil) {
    }

    /** A new secret signs from now on; the one before still signs (beside it) for 24 hours. */
    @Transactional
    public Rotated rotate(CampaignSnapshot campaign, long id) {
        WebhookRepository.Endpoint endpoint = webhooks.endpoint(campaign.id(), id).orElseThrow(() -> unknown(id));
        byte[] before = unwrap(id, endpoint.secretKeyId(), endpoint.secretWrapped())
                .orElseThrow(() -> new ConflictException("This webhook's secret is encrypted under a master secret the service no "
                        + "longer has; delete the webhook and register it again."));
        byte[] secret = WebhookSigner.newSecret();
        MasterKeys.Master master = secrets.ring().current();
        Instant until = clock.instant().plus(ROTATION_OVERLAP);
        webhooks.rotate(id, master.id(), KeyWrap.wrap(master, wrapName(id), secret), master.id(),
                KeyWrap.wrap(master, wrapName(id), before), until);
        return new Rotated(id, WebhookSigner.display(secret), until);
    }

    @Transactional
    public List<WebhookRepository.Delivery> deliveries(CampaignSnapshot campaign, long id) {
        webhooks.endpoint(campaign.id(), id).orElseThrow(() -> unknown(id));
        return webhooks.deliveriesOf(id, DELIVERIES_SHOWN);
    }

    /** Sends a delivery again (same webhook-id and body), now. */
    @Transactional
    public WebhookRepository.Delivery replay(CampaignSnapshot campaign, long id, long deliveryId) {
        WebhookRepository.Endpoint endpoint = webhooks.endpoint(campaign.id(), id).orElseThrow(() -> unknown(id));
        if (!endpoint.enabled()) {
            throw new ConflictException("This webhook is disabled (" + endpoint.disabledReason() + "): register it again.");
        }
        WebhookRepository.Delivery delivery = webhooks.delivery(id, deliveryId)
                .orElseThrow(() -> new UnknownResourceException("This webhook has no delivery " + deliveryId + "."));
        if (delivery.erasedAt() != null) {
            throw new ConflictException("This delivery's supporter data was erased: it cannot be sent again.");
        }
        if (WebhookRepository.PENDING.equals(delivery.status()) && delivery.attempts() == 0) {
            return delivery;
        }
        webhooks.replay(deliveryId);
        dispatcher.wake();
        return webhooks.delivery(id, deliveryId).orElseThrow();
    }

    // ---- events: observed synchronously, inside the transaction that fired them --------------------------------

    void onSignatureConfirmed(@Observes SignatureConfirmed event) {
        enqueue(event.campaign().id(), WebhookPayloads.SIGNATURE_CONFIRMED, WebhookPayloads.signature(event), event.signature().id);
    }

    void onMilestone(@Observes MilestoneReached event) {
        enqueue(event.campaignId(), WebhookPayloads.MILESTONE_REACHED, WebhookPayloads.milestone(event), null);
    }

    void onClosed(@Observes CampaignClosed event) {
        enqueue(event.campaignId(), WebhookPayloads.CAMPAIGN_CLOSED, WebhookPayloads.closed(event), null);
    }

    void onUpdate(@Observes UpdateSent event) {
        enqueue(event.campaignId(), WebhookPayloads.UPDATE_SENT, WebhookPayloads.update(event), null);
    }

    /**
     * Supporters erased (or anonymised): their data leaves the queued and kept bodies in the erasing transaction; a
     * pending delivery of it is cancelled rather than sent without the person.
     */
    void onErased(@Observes SignaturesErased event) {
        int changed = webhooks.eraseSignatures(event.signatureIds());
        if (changed > 0) {
            Log.infof("Erasure reached %d webhook deliveries", changed);
        }
    }

    private void enqueue(long campaignId, String type, Map<String, Object> data, Long signatureId) {
        String body;
        try {
            body = json.writeValueAsString(WebhookPayloads.body(type, clock.instant(), data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body of " + type, e);
        }
        if (webhooks.enqueue(campaignId, type, body, signatureId) > 0) {
            dispatcher.wake();
        }
    }

    // ---- secrets and targets ------------------------------------------------------------------------------------

    /** The secrets that sign now: the current one, and the one before while its 24 hours last. */
    List<byte[]> signingSecrets(WebhookRepository.Claimed claimed, Instant now) {
        List<byte[]> keys = new ArrayList<>();
        unwrap(claimed.endpointId(), claimed.secretKeyId(), claimed.secretWrapped()).ifPresent(keys::add);
        if (claimed.previousSecretUntil() != null && claimed.previousSecretUntil().isAfter(now)) {
            unwrap(claimed.endpointId(), claimed.previousSecretKeyId(), claimed.previousSecretWrapped()).ifPresent(keys::add);
        }
        return keys;
    }

    private Optional<byte[]> unwrap(long endpointId, String keyId, String wrapped) {
        return secrets.ring().byId(keyId).map(master -> KeyWrap.unwrap(master, wrapName(endpointId), wrapped));
    }

    /** The secret is bound to its endpoint's row: a copy moved to another row does not open. */
    private static String wrapName(long endpointId) {
        return "webhook " + endpointId;
    }

    /**
     * The one answer to a host name refused after its look-up (no address, or an address webhooks may not reach): it
     * names neither the addresses nor which of the two it was.
     */
    static final String UNREACHABLE_HOST = "must point to a public https server; its host name does not lead to one "
            + "webhooks may reach (check the name, and that it resolves to a public address)";

    private URI checkTarget(long campaignId, String url) {
        URI target;
        try {
            target = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw InvalidInputException.field("url", "is not a URL");
        }
        boolean allowPrivate = config.allowPrivateTargets();
        Optional<String> problem = TargetPolicy.checkUrl(target, allowPrivate);
        if (problem.isPresent()) {
            throw InvalidInputException.field("url", problem.get());
        }
        Optional<InetAddress> literal = TargetPolicy.literal(target.getHost());
        if (literal.isPresent()) {
            // An address written in the URL: saying why it is refused tells the organiser nothing they did not write.
            if (TargetPolicy.decide(literal.get(), allowPrivate) instanceof TargetPolicy.Decision.Refused refused) {
                throw InvalidInputException.field("url", "is not a target webhooks may reach: " + refused.reason()
                        + (allowPrivate ? "" : " (only public addresses, unless the operator allows private targets)"));
            }
            return target;
        }
        // A host name: what it resolves to (or that it resolves to nothing) is the operator's network, not the
        // organiser's business; one answer for every refusal, the detail in the log only.
        List<InetAddress> addresses;
        try {
            addresses = Arrays.asList(InetAddress.getAllByName(target.getHost()));
        } catch (UnknownHostException e) {
            Log.infof("Webhook registration refused for campaign %d: host %s has no address", campaignId, target.getHost());
            throw InvalidInputException.field("url", UNREACHABLE_HOST);
        }
        if (TargetPolicy.decide(addresses, allowPrivate) instanceof TargetPolicy.Decision.Refused refused) {
            Log.infof("Webhook registration refused for campaign %d: host %s resolves to %s", campaignId, target.getHost(),
                    refused.reason());
            throw InvalidInputException.field("url", UNREACHABLE_HOST);
        }
        return target;
    }

    private static Set<String> eventsOf(String stored) {
        Set<String> events = new LinkedHashSet<>(Arrays.asList(stored.split(",")));
        events.remove("");
        return events;
    }

    private static UnknownResourceException unknown(long id) {
        return new UnknownResourceException("This campaign has no webhook " + id + ".");
    }
}

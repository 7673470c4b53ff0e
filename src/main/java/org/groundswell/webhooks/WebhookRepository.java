package org.groundswell.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every statement on webhook_endpoint and webhook_delivery: the one writer of both tables. */
@ApplicationScoped
public class WebhookRepository {

    /** Delivery states. */
    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";
    static final String CANCELLED = "CANCELLED";

    private final Session em;

    public WebhookRepository(Session em) {
        this.em = em;
    }

    /** An endpoint as stored; the secrets are wrapped. */
    public record Endpoint(long id, long campaignId, String url, String events, String secretKeyId, String secretWrapped,
                           String previousSecretKeyId, String previousSecretWrapped, Instant previousSecretUntil,
                           boolean enabled, String disabledReason, Instant disabledAt, Instant createdAt) {
    }

    /** An endpoint with its last delivery attempt, for the list. */
    public record EndpointState(long id, String url, String events, boolean enabled, String disabledReason, Instant disabledAt,
                                Instant createdAt, Instant previousSecretUntil, Long lastDeliveryId, String lastStatus,
                                Integer lastStatusCode, Instant lastAttemptAt) {
    }

    /** A delivery and its attempts so far. */
    public record Delivery(long id, String messageId, String eventType, String status, int attempts, Integer lastStatusCode,
                           String lastError, Instant lastAttemptAt, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt,
                           Instant erasedAt) {
    }

    /** A claimed delivery with what sending it needs. */
    public record Claimed(long id, long endpointId, String messageId, String eventType, String payload, int attempts,
                          Instant createdAt, String url, String secretKeyId, String secretWrapped, String previousSecretKeyId,
                          String previousSecretWrapped, Instant previousSecretUntil) {
    }

    public long nextEndpointId() {
        return em.createNativeQuery("SELECT nextval('webhook_endpoint_id_seq')", Long.class).getSingleResult();
    }

    public void insertEndpoint(long id, long campaignId, String url, String events, String keyId, String wrapped) {
        em.createNativeQuery("""
                        INSERT INTO webhook_endpoint (id, campaign_id, url, events, secret_key_id, secret_wrapped)
                        VALUES (:id, :campaign, :url, :events, :keyId, :wrapped)""")
                .setParameter("id", id).setParameter("campaign", campaignId).setParameter("url", url)
                .setParameter("events", events).setParameter("keyId", keyId).setParameter("wrapped", wrapped)
                .executeUpdate();
    }

    public Optional<Endpoint> endpoint(long campaignId, long id) {
        return em.createNativeQuery("""
                        SELECT id, campaign_id, url, events, secret_key_id, secret_wrapped, previous_secret_key_id,
                               previous_secret_wrapped, previous_secret_until, enabled, disabled_reason, disabled_at, created_at
                        FROM webhook_endpoint WHERE id = :id AND campaign_id = :campaign""", Endpoint.class)
                .setParameter("id", id).setParameter("campaign", campaignId)
                .getResultStream().findFirst();
    }

    public List<EndpointState> endpointsOf(long campaignId) {
        return em.createNativeQuery("""
                        SELECT e.id, e.url, e.events, e.enabled, e.disabled_reason, e.disabled_at, e.created_at,
                               e.previous_secret_until, d.id, d.status, d.last_status_code, d.last_attempt_at
                        FROM webhook_endpoint e
                        LEFT JOIN LATERAL (SELECT id, status, last_status_code, last_attempt_at FROM webhook_delivery
                                           WHERE endpoint_id = e.id AND last_attempt_at IS NOT NULL
                                           ORDER BY last_attempt_at DESC LIMIT 1) d ON true
                        WHERE e.campaign_id = :campaign ORDER BY e.id""", EndpointState.class)
                .setParameter("campaign", campaignId).getResultList();
    }

    public boolean deleteEndpoint(long campaignId, long id) {
        return em.createNativeQuery("DELETE FROM webhook_endpoint WHERE id = :id AND campaign_id = :campaign")
                .setParameter("id", id).setParameter("campaign", campaignId).executeUpdate() == 1;
    }

    /** The new secret signs; the one before keeps signing until {@code previousUntil}. */
    public void rotate(long id, String keyId, String wrapped, String previousKeyId, String previousWrapped, Instant previousUntil) {
        em.createNativeQuery("""
                        UPDATE webhook_endpoint SET secret_key_id = :keyId, secret_wrapped = :wrapped,
                               previous_secret_key_id = :previousKeyId, previous_secret_wrapped = :previousWrapped,
                               previous_secret_until = :until
                        WHERE id = :id""")
                .setParameter("keyId", keyId).setParameter("wrapped", wrapped).setParameter("previousKeyId", previousKeyId)
                .setParameter("previousWrapped", previousWrapped).setParameter("until", previousUntil).setParameter("id", id)
                .executeUpdate();
    }

    /**
     * A delivery of the event to every enabled endpoint of the campaign that asked for its type, with one statement,
     * in the caller's transaction; each gets a webhook-id of its own. {@code signatureId} names the signature whose
     * supporter the body describes (null for events about no one), so that an erasure finds it. Answers how many
     * were queued.
     */
    public int enqueue(long campaignId, String eventType, String payload, Long signatureId) {
        return em.createNativeQuery("""
                        INSERT INTO webhook_delivery (endpoint_id, message_id, event_type, payload, status, signature_id)
                        SELECT id, 'msg_' || replace(CAST(gen_random_uuid() AS text), '-', ''), :type, :payload, :pending,
                               :signature
                        FROM webhook_endpoint
                        WHERE campaign_id = :campaign AND enabled AND events LIKE :pattern""")
                .setParameter("type", eventType).setParameter("payload", payload).setParameter("pending", PENDING)
                .setParameter("signature", signatureId, Long.class)
                .setParameter("campaign", campaignId).setParameter("pattern", "%," + eventType + ",%")
                .executeUpdate();
    }

    /**
     * Takes up to {@code limit} due deliveries of enabled endpoints under a lease: their next attempt moves {@code lease}
     * ahead and they carry {@code token}, so no other round (of any replica) takes them meanwhile, and only this round
     * may record their outcome.
     */
    public List<Claimed> claimDue(int limit, Duration lease, UUID token) {
        return em.createNativeQuery("""
                        UPDATE webhook_delivery d SET attempts = d.attempts + 1, claim_token = :token,
                               next_attempt_at = now() + make_interval(secs => :lease)
                        FROM webhook_endpoint e
                        WHERE e.id = d.endpoint_id AND d.id IN (
                            SELECT q.id FROM webhook_delivery q JOIN webhook_endpoint qe ON qe.id = q.endpoint_id AND qe.enabled
                            WHERE q.status = :pending AND q.next_attempt_at <= now()
                            ORDER BY q.next_attempt_at, q.id LIMIT :limit
                            FOR UPDATE OF q SKIP LOCKED)
                        RETURNING d.id, d.endpoint_id, d.message_id, d.event_type, d.payload, d.attempts, d.created_at, e.url,
                                  e.secret_key_id, e.secret_wrapped, e.previous_secret_key_id, e.previous_secret_wrapped,
                                  e.previous_secret_until""", Claimed.class)
                .setParameter("token", token).setParameter("lease", lease.toMillis() / 1000.0)
                .setParameter("pending", PENDING).setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Hands a claimed delivery back untried (its round could not attempt it within the lease): due now, its attempt not
     * counted, claimable by any round. False when the claim was no longer the round's.
     */
    public boolean release(long id, UUID token) {
        return em.createNativeQuery("""
                        UPDATE webhook_delivery SET attempts = attempts - 1, claim_token = NULL, next_attempt_at = now()
                        WHERE id = :id AND claim_token = :token AND status = :pending""")
                .setParameter("id", id).setParameter("token", token).setParameter("pending", PENDING)
                .executeUpdate() == 1;
    }

    /** Serialises the registrations of one campaign's endpoints (the cap and the duplicate check) until the transaction ends. */
    public void lockEndpointsOf(long campaignId) {
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(:space, CAST(:campaign % 2147483647 AS int))", Integer.class)
                .setParameter("space", LOCK_SPACE).setParameter("campaign", campaignId).getSingleResult();
    }

    /** The first key of PostgreSQL's two-key advisory locks taken for a campaign's webhook endpoints. */
    private static final int LOCK_SPACE = 0x77686b73; // "whks"

    /** The attempt succeeded; false when the claim was lost meanwhile (its lease ended and another round took it). */
    public boolean markDelivered(long id, UUID token, int statusCode) {
        return em.createNativeQuery("""
                        UPDATE webhook_delivery SET status = :delivered, delivered_at = now(), last_attempt_at = now(),
                               last_status_code = :code, last_error = NULL, claim_token = NULL
                        WHERE id = :id AND claim_token = :token""")
                .setParameter("delivered", DELIVERED).setParameter("code", statusCode).setParameter("id", id)
                .setParameter("token", token).executeUpdate() == 1;
    }

    /** The attempt failed: try again at {@code next}, or (empty) give up. */
    public boolean markFailed(long id, UUID token, Integer statusCode, String error, Optional<Instant> next) {
        return em.createNativeQuery("""
                        UPDATE webhook_delivery SET status = :status, last_attempt_at = now(), last_status_code = :code,
                               last_error = :error, next_attempt_at = COALESCE(:next, next_attempt_at), claim_token = NULL
                        WHERE id = :id AND claim_token = :token""")
                .setParameter("status", next.isPresent() ? PENDING : FAILED)
                .setParameter("code", statusCode)
                .setParameter("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .setParameter("next", next.orElse(null), Instant.class)
                .setParameter("id", id).setParameter("token", token).executeUpdate() == 1;
    }

    /** The receiver said 410 Gone: the endpoint is disabled and its pending deliveries cancelled. */
    public void disable(long endpointId, String reason) {
        em.createNativeQuery("""
                        UPDATE webhook_endpoint SET enabled = false, disabled_reason = :reason, disabled_at = now()
                        WHERE id = :id AND enabled""")
                .setParameter("reason", reason).setParameter("id", endpointId).executeUpdate();
        em.createNativeQuery("UPDATE webhook_delivery SET status = :cancelled, claim_token = NULL WHERE endpoint_id = :id AND status = :pending")
                .setParameter("cancelled", CANCELLED).setParameter("pending", PENDING).setParameter("id", endpointId)
                .executeUpdate();
    }

    public List<Delivery> deliveriesOf(long endpointId, int limit) {
        return em.createNativeQuery("""
                        SELECT id, message_id, event_type, status, attempts, last_status_code, last_error, last_attempt_at,
                               next_attempt_at, created_at, delivered_at, erased_at
                        FROM webhook_delivery WHERE endpoint_id = :endpoint ORDER BY id DESC LIMIT :limit""", Delivery.class)
                .setParameter("endpoint", endpointId).setParameter("limit", limit).getResultList();
    }

    public Optional<Delivery> delivery(long endpointId, long id) {
        return em.createNativeQuery("""
                        SELECT id, message_id, event_type, status, attempts, last_status_code, last_error, last_attempt_at,
                               next_attempt_at, created_at, delivered_at, erased_at
                        FROM webhook_delivery WHERE endpoint_id = :endpoint AND id = :id""", Delivery.class)
                .setParameter("endpoint", endpointId).setParameter("id", id).getResultStream().findFirst();
    }

    /** Replays a delivery (same webhook-id, same body): due now, with a fresh count of attempts. */
    public void replay(long id) {
        em.createNativeQuery("""
                        UPDATE webhook_delivery SET status = :pending, attempts = 0, next_attempt_at = now(), claim_token = NULL,
                               created_at = now()
                        WHERE id = :id AND erased_at IS NULL""")
                .setParameter("pending", PENDING).setParameter("id", id).executeUpdate();
    }

    /**
     * The supporter data of these signatures leaves every delivery that carries it, whatever its state: the body is
     * reduced to the event's type and an {@code erased} mark (so a replay cannot send the data either), and a delivery
     * still pending is CANCELLED. Its claim is dropped too, so an attempt under way cannot record an outcome over the
     * cancellation (what was already on the wire cannot be called back). Answers how many deliveries were changed.
     */
    public int eraseSignatures(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("""
                        UPDATE webhook_delivery
                        SET payload = CAST(json_build_object('type', event_type, 'data', json_build_object('erased', true)) AS text),
                            erased_at = now(), claim_token = NULL,
                            last_error = CASE WHEN status = :pending THEN :why ELSE last_error END,
                            status = CASE WHEN status = :pending THEN :cancelled ELSE status END
                        WHERE signature_id IN (:ids) AND erased_at IS NULL""")
                .setParameter("pending", PENDING).setParameter("cancelled", CANCELLED)
                .setParameter("why", "not sent: the supporter's data was erased before delivery")
                .setParameter("ids", signatureIds).executeUpdate();
    }

    public long countByStatus(String status) {
        return em.createNativeQuery("SELECT count(*) FROM webhook_delivery WHERE status = :status", Long.class)
                .setParameter("status", status).getSingleResult();
    }

    /** Retention: the bodies of finished deliveries older than {@code before} go (they may name supporters). */
    public int deleteFinishedBefore(Instant before) {
        return em.createNativeQuery("""
                        DELETE FROM webhook_delivery WHERE status IN (:delivered, :failed, :cancelled) AND created_at < :before""")
                .setParameter("delivered", DELIVERED).setParameter("failed", FAILED).setParameter("cancelled", CANCELLED)
                .setParameter("before", before).executeUpdate();
    }
}

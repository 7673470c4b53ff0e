package org.groundswell.updates;

import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.groundswell.mail.Outbox;
import org.groundswell.signature.SignatureStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class UpdateRepository {

    private final Session em;

    public UpdateRepository(Session em) {
        this.em = em;
    }

    public record Update(long id, long campaignId, String subject, String body, boolean test, int recipients, Instant createdAt) {
    }

    /** Stores an update unless one with the same idempotency key exists for the campaign; answers the new id. */
    public Optional<Long> insert(long campaignId, String subject, String body, boolean test, String idempotencyKey) {
        List<Long> ids = em.createNativeQuery("""
                        INSERT INTO campaign_update (campaign_id, subject, body, test, idempotency_key, recipients)
                        VALUES (:campaign, :subject, :body, :test, :key, 0)
                        ON CONFLICT (campaign_id, idempotency_key) DO NOTHING RETURNING id""", Long.class)
                .setParameter("campaign", campaignId)
                .setParameter("subject", subject)
                .setParameter("body", body)
                .setParameter("test", test)
                .setParameter("key", idempotencyKey)
                .getResultList();
        return ids.stream().findFirst();
    }

    public Optional<Update> findByKey(long campaignId, String idempotencyKey) {
        return first(select("campaign_id = :campaign AND idempotency_key = :key")
                .setParameter("campaign", campaignId).setParameter("key", idempotencyKey));
    }

    public Optional<Update> findById(long id) {
        return first(select("id = :id").setParameter("id", id));
    }

    /** Whether signature s still wants updates: confirmed, consenting, not unsubscribed, mailbox not suppressed. */
    private static final String WANTS_UPDATES = """
            (s.status = :confirmed AND s.consent_to_updates AND s.unsubscribed_at IS NULL AND s.email IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM suppression x WHERE x.mailbox_hash = s.mailbox_hash))
            """;

    /** The supporters an update is for, as the outbox queues them: confirmed, consenting, not unsubscribed, not suppressed. */
    public Outbox.Recipients supportersOf(long campaignId) {
        return new Outbox.Recipients("SELECT s.email, s.id FROM signature s WHERE s.campaign_id = :campaign AND " + WANTS_UPDATES,
                Map.of("campaign", campaignId, "confirmed", SignatureStatus.CONFIRMED.name()));
    }

    /** How many supporters an update would go to now ({@link #supportersOf}'s rows). */
    public long countSupporters(long campaignId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM signature s WHERE s.campaign_id = :campaign AND " + WANTS_UPDATES)
                .setParameter("campaign", campaignId).setParameter("confirmed", SignatureStatus.CONFIRMED.name())
                .getSingleResult()).longValue();
    }

    public void setRecipients(long updateId, int recipients) {
        em.createNativeQuery("UPDATE campaign_update SET recipients = :n WHERE id = :id")
                .setParameter("n", recipients).setParameter("id", updateId).executeUpdate();
    }

    /** A campaign's updates, newest first. */
    public List<Update> listByCampaign(long campaignId) {
        return select("campaign_id = :campaign ORDER BY id DESC").setParameter("campaign", campaignId).getResultList();
    }

    /** For rendering at send time: who the supporter is now, and whether they still want the update. */
    public record Recipient(long signatureId, String name, boolean stillWanted) {
    }

    public List<Recipient> recipients(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return List.of();
        }
        return em.createNativeQuery("""
                        SELECT s.id, s.name, """ + WANTS_UPDATES + """
                        FROM signature s WHERE s.id IN (:ids)""", Recipient.class)
                .setParameter("confirmed", SignatureStatus.CONFIRMED.name())
                .setParameter("ids", signatureIds)
                .getResultList();
    }

    private NativeQuery<Update> select(String where) {
        return em.createNativeQuery("SELECT id, campaign_id, subject, body, test, recipients, created_at FROM campaign_update WHERE "
                + where, Update.class);
    }

    private static Optional<Update> first(NativeQuery<Update> query) {
        return query.getResultStream().findFirst();
    }
}

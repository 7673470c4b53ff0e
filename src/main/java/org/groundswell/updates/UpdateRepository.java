package org.groundswell.updates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.groundswell.mail.OutboxStatus;
import org.groundswell.mail.OutgoingMail;
import org.groundswell.signature.SignatureStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class UpdateRepository {

    private final EntityManager em;

    public UpdateRepository(EntityManager em) {
        this.em = em;
    }

    public record Update(long id, long campaignId, String subject, String body, boolean test, int recipients, Instant createdAt) {
    }

    /** Stores an update unless one with the same idempotency key exists for the campaign; answers the new id. */
    @SuppressWarnings("unchecked")
    public Optional<Long> insert(long campaignId, String subject, String body, boolean test, String idempotencyKey) {
        List<Number> ids = em.createNativeQuery("""
                        INSERT INTO campaign_update (campaign_id, subject, body, test, idempotency_key, recipients)
                        VALUES (:campaign, :subject, :body, :test, :key, 0)
                        ON CONFLICT (campaign_id, idempotency_key) DO NOTHING RETURNING id""")
                .setParameter("campaign", campaignId)
                .setParameter("subject", subject)
                .setParameter("body", body)
                .setParameter("test", test)
                .setParameter("key", idempotencyKey)
                .getResultList();
        return ids.stream().findFirst().map(Number::longValue);
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

    /**
     * Queues the update for every supporter it is for: confirmed, consenting, not unsubscribed, mailbox not
     * suppressed. Bodies are rendered when each mail is sent. Answers how many were queued.
     */
    public int queueForSupporters(long updateId, long campaignId, String subject) {
        return em.createNativeQuery("""
                        INSERT INTO outbox_message (kind, priority, recipient, subject, status, signature_id, update_id,
                                                    campaign_id)
                        SELECT 'UPDATE', :priority, s.email, :subject, :pending, s.id, :update, s.campaign_id
                        FROM signature s
                        WHERE s.campaign_id = :campaign AND """ + WANTS_UPDATES)
                .setParameter("priority", OutgoingMail.BULK)
                .setParameter("subject", subject)
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("update", updateId)
                .setParameter("campaign", campaignId)
                .setParameter("confirmed", SignatureStatus.CONFIRMED.name())
                .executeUpdate();
    }

    /** A test send: the one mail goes to the organiser. */
    public void queueForOrganiser(long updateId, String organiserEmail, String subject) {
        em.createNativeQuery("""
                        INSERT INTO outbox_message (kind, priority, recipient, subject, status, update_id, campaign_id)
                        SELECT 'UPDATE', :priority, :recipient, :subject, :pending, id, campaign_id
                        FROM campaign_update WHERE id = :update""")
                .setParameter("priority", OutgoingMail.BULK)
                .setParameter("recipient", organiserEmail)
                .setParameter("subject", subject)
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("update", updateId)
                .executeUpdate();
    }

    public void setRecipients(long updateId, int recipients) {
        em.createNativeQuery("UPDATE campaign_update SET recipients = :n WHERE id = :id")
                .setParameter("n", recipients).setParameter("id", updateId).executeUpdate();
    }

    /** An update with the state of its mails. */
    public record Sent(Update update, long queued, long sent, long failed, long cancelled) {
    }

    @SuppressWarnings("unchecked")
    public List<Sent> listWithCounts(long campaignId) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT u.id, u.campaign_id, u.subject, u.body, u.test, u.recipients, u.created_at,
                               count(o.id) FILTER (WHERE o.status = :pending), count(o.id) FILTER (WHERE o.status = :sent),
                               count(o.id) FILTER (WHERE o.status = :failed), count(o.id) FILTER (WHERE o.status = :cancelled)
                        FROM campaign_update u LEFT JOIN outbox_message o ON o.update_id = u.id
                        WHERE u.campaign_id = :campaign GROUP BY u.id ORDER BY u.id DESC""")
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("sent", OutboxStatus.SENT.name())
                .setParameter("failed", OutboxStatus.FAILED.name())
                .setParameter("cancelled", OutboxStatus.CANCELLED.name())
                .setParameter("campaign", campaignId)
                .getResultList();
        return rows.stream().map(r -> new Sent(update(r), n(r[7]), n(r[8]), n(r[9]), n(r[10]))).toList();
    }

    /** For rendering at send time: who the supporter is now, and whether they still want the update. */
    public record Recipient(long signatureId, String name, boolean stillWanted) {
    }

    @SuppressWarnings("unchecked")
    public List<Recipient> recipients(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT s.id, s.name, """ + WANTS_UPDATES + """
                        FROM signature s WHERE s.id IN (:ids)""")
                .setParameter("confirmed", SignatureStatus.CONFIRMED.name())
                .setParameter("ids", signatureIds)
                .getResultList();
        return rows.stream().map(r -> new Recipient(n(r[0]), (String) r[1], (Boolean) r[2])).toList();
    }

    private jakarta.persistence.Query select(String where) {
        return em.createNativeQuery("SELECT id, campaign_id, subject, body, test, recipients, created_at FROM campaign_update WHERE " + where);
    }

    @SuppressWarnings("unchecked")
    private static Optional<Update> first(jakarta.persistence.Query query) {
        List<Object[]> rows = query.getResultList();
        return rows.stream().findFirst().map(UpdateRepository::update);
    }

    private static Update update(Object[] r) {
        return new Update(n(r[0]), n(r[1]), (String) r[2], (String) r[3], (Boolean) r[4], ((Number) r[5]).intValue(), (Instant) r[6]);
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }
}

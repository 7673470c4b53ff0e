package org.groundswell.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.groundswell.mail.OutboxStatus;
import org.groundswell.signature.SignatureStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The queries of unsubscribing, suppression, erasure and retention. */
@ApplicationScoped
public class PrivacyRepository {

    private final EntityManager em;

    public PrivacyRepository(EntityManager em) {
        this.em = em;
    }

    /** No more updates for this signature; answers whether it was still subscribed. */
    public boolean unsubscribe(long signatureId) {
        return em.createNativeQuery("""
                        UPDATE signature SET consent_to_updates = false, unsubscribed_at = coalesce(unsubscribed_at, now())
                        WHERE id = :id AND unsubscribed_at IS NULL""")
                .setParameter("id", signatureId)
                .executeUpdate() == 1;
    }

    /**
     * The ids of the signatures given from any address of a mailbox (by its keyed hash), or from the address itself
     * (normalised), in every campaign.
     */
    @SuppressWarnings("unchecked")
    public List<Long> signaturesOf(String mailboxHash, String email) {
        List<Number> ids = em.createNativeQuery("SELECT id FROM signature WHERE mailbox_hash = :hash OR email = :email ORDER BY id")
                .setParameter("hash", mailboxHash).setParameter("email", email).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** The addresses these signatures were given from. */
    @SuppressWarnings("unchecked")
    public List<String> addressesOf(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return List.of();
        }
        return em.createNativeQuery("SELECT DISTINCT email FROM signature WHERE id IN (:ids) AND email IS NOT NULL")
                .setParameter("ids", signatureIds).getResultList();
    }

    /** Everything the outbox holds for these signatures goes: unsent mails are thereby cancelled. */
    public int deleteMailsOf(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("DELETE FROM outbox_message WHERE signature_id IN (:ids)")
                .setParameter("ids", signatureIds).executeUpdate();
    }

    /** A deleted signature, as it was when deleted (its status decides whether it left the count). */
    public record Deleted(long id, long campaignId, String status, String country, String region, Integer district) {
    }

    /**
     * Deletes a signature (its confirmation tokens go with it: ON DELETE CASCADE) and answers it as it was, or
     * nothing when it was gone already: a second removal at the same moment changes nothing.
     */
    @SuppressWarnings("unchecked")
    public java.util.Optional<Deleted> deleteSignature(long signatureId) {
        List<Object[]> rows = em.createNativeQuery(
                        "DELETE FROM signature WHERE id = :id RETURNING id, campaign_id, status, country, region, district")
                .setParameter("id", signatureId).getResultList();
        return rows.stream().findFirst().map(r -> new Deleted(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                (String) r[2], (String) r[3], (String) r[4], r[5] == null ? null : ((Number) r[5]).intValue()));
    }

    /** For an erasure by address: mails to it that no signature claims (queued before signatures were linked). */
    public int deleteMailsTo(String email) {
        return em.createNativeQuery("DELETE FROM outbox_message WHERE recipient = :email AND signature_id IS NULL")
                .setParameter("email", email).executeUpdate();
    }

    /** After a mailbox was suppressed: its unsent mails, of any of its signatures, will not go. */
    public int cancelUnsentToMailbox(String mailboxHash) {
        return em.createNativeQuery("""
                        UPDATE outbox_message o SET status = :cancelled, html_body = NULL, text_body = NULL
                        FROM signature s WHERE o.signature_id = s.id AND s.mailbox_hash = :hash AND o.status = :pending""")
                .setParameter("cancelled", OutboxStatus.CANCELLED.name())
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("hash", mailboxHash)
                .executeUpdate();
    }

    /** The mails the outbox holds for these signatures (no bodies). */
    @SuppressWarnings("unchecked")
    public List<Object[]> mailsOf(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return List.of();
        }
        return em.createNativeQuery("""
                        SELECT id, signature_id, kind, subject, status, created_at, sent_at FROM outbox_message
                        WHERE signature_id IN (:ids) ORDER BY id""")
                .setParameter("ids", signatureIds).getResultList();
    }

    // ---- Retention: every method takes "now", so that tests can run it at any moment ----------------------

    /** Holds the retention lock until the transaction ends; false when another replica is at it. */
    public boolean tryRetentionLock() {
        return (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext('groundswell-retention'))")
                .getSingleResult();
    }

    /**
     * Deletes up to {@code limit} signatures that never counted (pending, held, or invalidated before they were
     * confirmed) and were last signed, or last sent a link, before {@code before}, with their mails. The status is
     * checked again as each row is deleted: one confirmed meanwhile stays. Answers how many went.
     */
    public int deleteUnconfirmedBefore(Instant before, int limit) {
        return ((Number) em.createNativeQuery("""
                        WITH gone AS (
                            DELETE FROM signature WHERE id IN (
                                SELECT id FROM signature
                                WHERE (status IN (:pending, :held) OR (status = :invalidated AND confirmed_at IS NULL))
                                  AND greatest(created_at, confirmation_sent_at) < :before
                                ORDER BY id LIMIT :limit)
                            AND (status IN (:pending, :held) OR (status = :invalidated AND confirmed_at IS NULL))
                            RETURNING id),
                        mails AS (DELETE FROM outbox_message WHERE signature_id IN (SELECT id FROM gone))
                        SELECT count(*) FROM gone""")
                .setParameter("pending", SignatureStatus.PENDING.name())
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("invalidated", SignatureStatus.INVALIDATED.name())
                .setParameter("before", before)
                .setParameter("limit", limit)
                .getSingleResult()).intValue();
    }

    /** Clears the bodies of mails given up on before {@code before} (an operator retries within days, not months). */
    public int clearFailedBodies(Instant before) {
        return em.createNativeQuery("""
                        UPDATE outbox_message SET html_body = NULL, text_body = NULL
                        WHERE status = :failed AND created_at < :before AND html_body IS NOT NULL""")
                .setParameter("failed", OutboxStatus.FAILED.name())
                .setParameter("before", before)
                .executeUpdate();
    }

    /** Clears the bodies (which hold links and names) of mails sent before {@code before}; the rows stay. */
    public int clearSentBodies(Instant before) {
        return em.createNativeQuery("""
                        UPDATE outbox_message SET html_body = NULL, text_body = NULL
                        WHERE status = :sent AND sent_at < :before AND html_body IS NOT NULL""")
                .setParameter("sent", OutboxStatus.SENT.name())
                .setParameter("before", before)
                .executeUpdate();
    }

    /** Signatures of campaigns closed before {@code closedBefore}, not yet anonymised: their ids. */
    @SuppressWarnings("unchecked")
    public List<Long> toAnonymise(Instant closedBefore, int limit) {
        List<Number> ids = em.createNativeQuery("""
                        SELECT s.id FROM signature s JOIN campaign c ON c.id = s.campaign_id
                        WHERE c.closed_at < :before AND s.anonymised_at IS NULL
                        ORDER BY s.id LIMIT :limit""")
                .setParameter("before", closedBefore)
                .setParameter("limit", limit)
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** Name, e-mail, postal code and hashes wiped; country, state, district, status and dates kept (counts stay). */
    public int anonymise(Collection<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        em.createNativeQuery("DELETE FROM confirmation_token WHERE signature_id IN (:ids)").setParameter("ids", ids).executeUpdate();
        return em.createNativeQuery("""
                        UPDATE signature SET name = NULL, email = NULL, postal_code = NULL, client_hash = NULL,
                               mailbox_hash = NULL, consent_to_updates = false, anonymised_at = :now
                        WHERE id IN (:ids)""")
                .setParameter("now", now)
                .setParameter("ids", ids)
                .executeUpdate();
    }

    public int forgetMailRatesBefore(Instant before) {
        return em.createNativeQuery("DELETE FROM mail_rate WHERE minute < :before").setParameter("before", before).executeUpdate();
    }
}

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

    /** The ids of the signatures an address gave (normalised), in every campaign. */
    @SuppressWarnings("unchecked")
    public List<Long> signaturesOf(String email) {
        List<Number> ids = em.createNativeQuery("SELECT id FROM signature WHERE email = :email ORDER BY id")
                .setParameter("email", email).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** Everything the outbox holds for these signatures goes: unsent mails are thereby cancelled. */
    public int deleteMailsOf(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("DELETE FROM outbox_message WHERE signature_id IN (:ids)")
                .setParameter("ids", signatureIds).executeUpdate();
    }

    /** Deletes a signature; its confirmation tokens go with it (ON DELETE CASCADE). */
    public void deleteSignature(long signatureId) {
        em.createNativeQuery("DELETE FROM signature WHERE id = :id").setParameter("id", signatureId).executeUpdate();
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

    /** PENDING and HELD signatures created before {@code before}: their ids. */
    @SuppressWarnings("unchecked")
    public List<Long> unconfirmedBefore(Instant before, int limit) {
        List<Number> ids = em.createNativeQuery("""
                        SELECT id FROM signature WHERE status IN (:pending, :held) AND created_at < :before
                        ORDER BY id LIMIT :limit""")
                .setParameter("pending", SignatureStatus.PENDING.name())
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("before", before)
                .setParameter("limit", limit)
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    public int deleteSignatures(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("DELETE FROM signature WHERE id IN (:ids)").setParameter("ids", ids).executeUpdate();
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

package org.groundswell.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The reads of erasure and retention, and retention's lock. Their writes are the owners': signatures through
 * {@code SignatureRepository}, mails through the outbox.
 */
@ApplicationScoped
public class PrivacyRepository {

    private final Session em;

    public PrivacyRepository(Session em) {
        this.em = em;
    }

    /** The ids of the signatures of a mailbox (its keyed hash), in every campaign. */
    public List<Long> signaturesOfMailbox(String mailboxHash) {
        return em.createNativeQuery("SELECT id FROM signature WHERE mailbox_hash = :hash ORDER BY id", Long.class)
                .setParameter("hash", mailboxHash).getResultList();
    }

    /**
     * The ids of the signatures given from any address of a mailbox (by its keyed hash), or from the address itself
     * (normalised), in every campaign.
     */
    public List<Long> signaturesOf(String mailboxHash, String email) {
        // Also those of the address itself that wait for the backfill to give them their canonical hash.
        return em.createNativeQuery("""
                        SELECT id FROM signature
                        WHERE mailbox_hash = :hash
                           OR (email = :email AND email IS NOT NULL AND (mailbox_hash IS NULL OR mailbox_rehash))
                        ORDER BY id""", Long.class)
                .setParameter("email", email).setParameter("hash", mailboxHash).getResultList();
    }

    /** The addresses these signatures were given from. */
    public List<String> addressesOf(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return List.of();
        }
        return em.createNativeQuery("SELECT DISTINCT email FROM signature WHERE id IN (:ids) AND email IS NOT NULL", String.class)
                .setParameter("ids", signatureIds).getResultList();
    }

    // ---- Retention: every method takes "now", so that tests can run it at any moment ----------------------

    /** Holds the retention lock until the transaction ends; false when another replica is at it. */
    public boolean tryRetentionLock() {
        return em.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext('groundswell-retention'))", Boolean.class)
                .getSingleResult();
    }

    /** Signatures of campaigns closed before {@code closedBefore}, not yet anonymised: their ids. */
    public List<Long> toAnonymise(Instant closedBefore, int limit) {
        return em.createNativeQuery("""
                        SELECT s.id FROM signature s JOIN campaign c ON c.id = s.campaign_id
                        WHERE c.closed_at < :before AND s.anonymised_at IS NULL
                        ORDER BY s.id LIMIT :limit""", Long.class)
                .setParameter("before", closedBefore)
                .setParameter("limit", limit)
                .getResultList();
    }
}

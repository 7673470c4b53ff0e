package org.groundswell.signature;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Folds the insert-only confirmation deltas into campaign.signature_count about once a second:
 * one UPDATE per campaign per second instead of one per signature, and no COUNT(*) on public reads.
 * Safe with several replicas: each delta row is deleted, and so counted, exactly once.
 */
@ApplicationScoped
public class SignatureTally {

    private final EntityManager em;

    public SignatureTally(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(long campaignId, int delta) {
        em.createNativeQuery("INSERT INTO signature_tally_delta (campaign_id, delta) VALUES (:campaign, :delta)")
                .setParameter("campaign", campaignId)
                .setParameter("delta", delta)
                .executeUpdate();
    }

    @Scheduled(identity = "signature-tally", every = "${groundswell.tally.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void fold() {
        em.createNativeQuery("""
                WITH folded AS (DELETE FROM signature_tally_delta RETURNING campaign_id, delta),
                     sums AS (SELECT campaign_id, sum(delta) AS total FROM folded GROUP BY campaign_id)
                UPDATE campaign c SET signature_count = c.signature_count + sums.total
                FROM sums WHERE c.id = sums.campaign_id""").executeUpdate();
    }
}

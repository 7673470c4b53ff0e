package org.groundswell.signature;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Folds the insert-only confirmation deltas into campaign.signature_count about once a second:
 * one UPDATE per campaign per second instead of one per signature, and no COUNT(*) on public reads.
 * Safe with several replicas: each delta row is deleted, and so counted, exactly once.
 */
@ApplicationScoped
public class SignatureTally {

    private final SignatureRepository signatures;

    public SignatureTally(SignatureRepository signatures) {
        this.signatures = signatures;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(long campaignId, int delta) {
        signatures.recordTallyDelta(campaignId, delta);
    }

    @Scheduled(identity = "signature-tally", every = "${groundswell.tally.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void fold() {
        signatures.foldTallyDeltas();
    }
}

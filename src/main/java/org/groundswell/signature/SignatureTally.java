package org.groundswell.signature;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.groundswell.common.Periodic;
import org.groundswell.campaign.Milestones;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.congress.UsStates;

/**
 * Folds the insert-only confirmation deltas into campaign.signature_count every half second (groundswell.tally.interval):
 * one UPDATE per campaign per fold instead of one per signature, and no COUNT(*) on public reads.
 * Safe with several replicas: each delta row is deleted, and so counted, exactly once.
 */
@ApplicationScoped
public class SignatureTally {

    private final SignatureRepository signatures;
    private final Milestones milestones;
    private final CampaignActivityRepository activity;
    private Periodic folding;

    public SignatureTally(SignatureRepository signatures, Milestones milestones, CampaignActivityRepository activity) {
        this.signatures = signatures;
        this.milestones = milestones;
        this.activity = activity;
    }

    void start(@Observes StartupEvent event, GroundswellConfig config) {
        if (config.jobs().enabled()) {
            folding = Periodic.start("signature-tally", config.tally().interval(), this::fold);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (folding != null) {
            folding.close();
        }
    }

    /** The signature counts (+1) or no longer counts (-1), in its campaign's total and for its place. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Signature signature, int delta) {
        record(signature.campaignId, signature.country, signature.region, signature.district, delta);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(long campaignId, String country, String region, Integer district, int delta) {
        String state = "US".equals(country) ? UsStates.normalise(region).orElse(null) : null;
        signatures.recordTallyDelta(campaignId, delta, country, state, state == null ? null : district);
    }

    /**
     * One fold; milestones it crossed are recorded (and their mails queued) in the same transaction, and the
     * dashboard's counters (by status, per hour, mail) are folded with the count.
     */
    public void fold() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (SignatureRepository.Folded folded : signatures.foldTallyDeltas()) {
                milestones.afterCount(folded.campaignId(), folded.before(), folded.after(), folded.goal());
            }
            activity.fold();
        });
    }
}

package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.ResultPage;

/** What a campaign's organiser may see of its signatures: the confirmed ones, and how many wait (numbers only). */
@ApplicationScoped
public class SupporterList {

    private final SignatureRepository signatures;

    public SupporterList(SignatureRepository signatures) {
        this.signatures = signatures;
    }

    /** The confirmed signatures: supporters, not attempts. */
    @Transactional
    public ResultPage<Signature> supporters(CampaignSnapshot campaign, int page, int size) {
        return signatures.listByCampaign(campaign.id(), SignatureStatus.CONFIRMED, page, size);
    }

    /** How many signatures wait: for their supporter to confirm, or for review (held). Numbers only. */
    public record Waiting(long pending, long held) {
    }

    @Transactional
    public Waiting waiting(CampaignSnapshot campaign) {
        return new Waiting(signatures.countByStatus(campaign.id(), SignatureStatus.PENDING),
                signatures.countByStatus(campaign.id(), SignatureStatus.HELD));
    }
}

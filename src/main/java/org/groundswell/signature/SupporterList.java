package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.ResultPage;

import java.util.List;

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

    /**
     * Up to {@code limit} confirmed signatures with an id above {@code afterId}, oldest first: a page that goes on
     * from the last one read, however deep, with no count (the campaign's tally says how many there are).
     */
    @Transactional
    public List<Signature> supportersAfter(CampaignSnapshot campaign, long afterId, int limit) {
        return signatures.listByCampaignAfter(campaign.id(), SignatureStatus.CONFIRMED, afterId, limit);
    }

    /**
     * Up to {@code limit} confirmed signatures from the {@code offset}-th on, oldest first, with no count; the caller
     * keeps the offset small (each row before it is read to be skipped).
     */
    @Transactional
    public List<Signature> supportersFrom(CampaignSnapshot campaign, int offset, int limit) {
        return signatures.listByCampaignFrom(campaign.id(), SignatureStatus.CONFIRMED, offset, limit);
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

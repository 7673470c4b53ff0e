package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.ResultPage;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a campaign's organiser may see of its signatures: the confirmed ones, and how many wait (numbers only). */
@ApplicationScoped
public class SupporterList {

    private final SignatureRepository signatures;

    public SupporterList(SignatureRepository signatures) {
        this.signatures = signatures;
    }

    /**
     * The confirmed signatures: supporters, not attempts. One whose mailbox is suppressed ("no mail from any
     * campaign") never shows as consenting, even on a row written before suppression cleared its consent; such a
     * signature is detached first, so that nothing of it is written back.
     */
    @Transactional
    public ResultPage<Signature> supporters(CampaignSnapshot campaign, int page, int size) {
        ResultPage<Signature> found = signatures.listByCampaign(campaign.id(), SignatureStatus.CONFIRMED, page, size);
        withoutSuppressedConsent(found.items());
        return found;
    }

    /**
     * Up to {@code limit} confirmed signatures with an id above {@code afterId}, oldest first: a page that goes on
     * from the last one read, however deep, with no count (the campaign's tally says how many there are). Suppressed
     * mailboxes never show as consenting, as in {@link #supporters}.
     */
    @Transactional
    public List<Signature> supportersAfter(CampaignSnapshot campaign, long afterId, int limit) {
        return withoutSuppressedConsent(signatures.listByCampaignAfter(campaign.id(), SignatureStatus.CONFIRMED, afterId, limit));
    }

    /**
     * Up to {@code limit} confirmed signatures from the {@code offset}-th on, oldest first, with no count; the caller
     * keeps the offset small (each row before it is read to be skipped). Suppressed mailboxes never show as
     * consenting, as in {@link #supporters}.
     */
    @Transactional
    public List<Signature> supportersFrom(CampaignSnapshot campaign, int offset, int limit) {
        return withoutSuppressedConsent(signatures.listByCampaignFrom(campaign.id(), SignatureStatus.CONFIRMED, offset, limit));
    }

    /** Clears the consent shown of signatures whose mailbox is suppressed, detached first so nothing is written back. */
    private List<Signature> withoutSuppressedConsent(List<Signature> found) {
        List<String> consenting = found.stream().filter(s -> s.consentToUpdates && s.mailboxHash != null)
                .map(s -> s.mailboxHash).distinct().toList();
        Set<String> suppressed = consenting.isEmpty() ? Set.of() : new HashSet<>(signatures.suppressedAmong(consenting));
        for (Signature signature : found) {
            // A row whose mailbox is not hashed yet (the backfill) has no suppression to look up; Set.of() refuses null.
            if (signature.consentToUpdates && signature.mailboxHash != null && suppressed.contains(signature.mailboxHash)) {
                signatures.getEntityManager().detach(signature);
                signature.consentToUpdates = false;
            }
        }
        return found;
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

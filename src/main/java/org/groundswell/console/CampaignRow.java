package org.groundswell.console;

import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.HumanNumbers;

import java.time.Instant;
import java.util.Locale;

/**
 * A campaign in the signed-in person's list, from its snapshot (the counts the tally keeps, never a scan of
 * signatures). {@code lastDay}: confirmed signatures in the last 24 hours, from the hourly counters.
 */
public record CampaignRow(String slug, String title, String status, String statusLabel, String relationLabel, long confirmed,
                          int goal, int percent, Instant updatedAt, Long lastDay,
                          CampaignAccess.Relation relation) {

    /** Whether the person may edit it (and preview it): {@link CampaignAccess} for EDIT. */
    public boolean editable() {
        return CampaignAccess.decide(relation, CampaignAccess.Action.EDIT) == CampaignAccess.Decision.ALLOW;
    }

    static CampaignRow of(CampaignService.Related related, java.util.Map<Long, Long> lastDay) {
        CampaignSnapshot c = related.campaign();
        String status = c.status().name();
        return new CampaignRow(c.slug(), c.title(), status.toLowerCase(Locale.ROOT),
                status.charAt(0) + status.substring(1).toLowerCase(Locale.ROOT),
                related.relation().name().toLowerCase(Locale.ROOT), c.signatureCount(), c.goal(),
                HumanNumbers.percentOf(c.signatureCount(), c.goal()), c.updatedAt(), lastDay.getOrDefault(c.id(), 0L), related.relation());
    }
}

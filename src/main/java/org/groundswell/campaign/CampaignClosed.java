package org.groundswell.campaign;

import java.time.Instant;

/** A campaign was closed: fired inside the transaction that closes it. */
public record CampaignClosed(long campaignId, String slug, String title, long signatureCount, Instant closedAt) {
}

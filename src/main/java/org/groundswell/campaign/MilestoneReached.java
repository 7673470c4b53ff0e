package org.groundswell.campaign;

import java.time.Instant;

/** A campaign's confirmed count reached a milestone, once: fired inside the transaction that records it. */
public record MilestoneReached(long campaignId, String slug, String title, int percent, long count, int goal, Instant at) {
}

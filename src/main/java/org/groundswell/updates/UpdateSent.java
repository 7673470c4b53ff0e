package org.groundswell.updates;

import java.time.Instant;

/** An update to a campaign's supporters was queued (not a test send): fired inside the transaction that queues it. */
public record UpdateSent(long updateId, long campaignId, String slug, String title, String subject, String body,
                         int recipients, Instant at) {
}

package org.groundswell.signature;

import org.groundswell.campaign.CampaignSnapshot;

/**
 * A signature was confirmed: fired synchronously inside the confirming transaction, so that what observes it (the
 * webhooks' queue) is written with the confirmation or not at all. Observers live in higher packages; this package
 * knows none of them.
 */
public record SignatureConfirmed(Signature signature, CampaignSnapshot campaign) {
}

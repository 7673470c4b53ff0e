package org.groundswell.signature;

import org.groundswell.campaign.CampaignSnapshot;

/** What a confirmation link leads to. */
public sealed interface TokenLookup {

    /** Not a link we mailed, or its signature is gone (removed, or invalidated by review). */
    record Unknown() implements TokenLookup {
    }

    /** Older than the link lifetime and never used to confirm: signing again sends a new one. */
    record Expired(CampaignSnapshot campaign) implements TokenLookup {
    }

    /** Waiting to be confirmed by the person: a button, never a bare GET (mail scanners open links). */
    record Unconfirmed(Signature signature, CampaignSnapshot campaign) implements TokenLookup {
    }

    record Confirmed(Confirmation confirmation) implements TokenLookup {
    }
}

package org.groundswell.campaign;

public enum CampaignStatus {
    DRAFT,
    OPEN,
    CLOSED;

    /** Campaigns only move forward: DRAFT to OPEN to CLOSED. */
    public boolean canMoveTo(CampaignStatus next) {
        return next == this || next.ordinal() == ordinal() + 1;
    }

    /** Anyone may see an OPEN or CLOSED campaign; a DRAFT is for its owner only. */
    public boolean isPublic() {
        return this != DRAFT;
    }

    public boolean acceptsSignatures() {
        return this == OPEN;
    }
}

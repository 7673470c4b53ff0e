package org.groundswell.campaign;

public enum CampaignStatus {
    DRAFT,
    OPEN,
    CLOSED;

    /** Campaigns only move forward: DRAFT to OPEN to CLOSED. */
    public boolean canMoveTo(CampaignStatus next) {
        return next == this || next.ordinal() == ordinal() + 1;
    }
}

package org.groundswell.team;

import org.groundswell.campaign.CampaignAccess;

/** What the owner invites someone to a campaign as. */
public enum TeamRole {
    /** Everything but the team and deleting. */
    EDITOR,
    /** The dashboard only: no supporter data, no export, no edits. */
    VIEWER;

    CampaignAccess.Relation relation() {
        return this == EDITOR ? CampaignAccess.Relation.EDITOR : CampaignAccess.Relation.VIEWER;
    }
}

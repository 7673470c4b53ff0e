package org.groundswell.campaign;

import java.util.Map;
import java.util.Optional;

/** The teams of campaigns, as the access rules need them; kept by the team package. */
public interface Memberships {

    /** The role (EDITOR or VIEWER) of the person with that normalised address in the campaign's team. */
    Optional<CampaignAccess.Relation> roleOf(long campaignId, String email);

    /** The campaigns whose team the person with that normalised address is in, with their role. */
    Map<Long, CampaignAccess.Relation> campaignsOf(String email);
}

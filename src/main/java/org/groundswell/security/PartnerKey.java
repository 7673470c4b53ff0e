package org.groundswell.security;

import java.util.Set;

/**
 * A partner's API key as authentication knows it: the key's id, the organiser it belongs to, the campaigns it is
 * limited to (empty: every campaign of that organiser) and the source tag its signatures carry.
 */
public record PartnerKey(long keyId, long organiserId, Set<Long> campaignIds, String originSystem) {

    public PartnerKey {
        campaignIds = Set.copyOf(campaignIds);
    }

    /** Whether the key may act on this campaign of its organiser (its list holds it, or its list is empty). */
    public boolean covers(long campaignId) {
        return campaignIds.isEmpty() || campaignIds.contains(campaignId);
    }
}

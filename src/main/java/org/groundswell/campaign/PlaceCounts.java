package org.groundswell.campaign;

import java.util.List;

/** A campaign's confirmed signatures in all and by place, largest first; no place below one signature. */
public record PlaceCounts(long total, List<CampaignRepository.PlaceCount> countries, List<CampaignRepository.PlaceCount> usStates,
                          List<CampaignRepository.PlaceCount> usDistricts) {

    /** The first few of a list, for the campaign page. */
    public static List<CampaignRepository.PlaceCount> top(List<CampaignRepository.PlaceCount> counts, int n) {
        return counts.size() <= n ? counts : counts.subList(0, n);
    }
}

package org.groundswell.web;

import org.groundswell.campaign.CampaignRepository;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.PlaceCounts;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything the campaign page shows: the campaign, the signing form (empty, or as typed when it comes back with
 * errors), its errors by field, and the time stamp of when the form was first served.
 */
public record CampaignPage(CampaignSnapshot campaign, PlaceCounts counts, String url, SignForm form, Map<String, String> errors,
                           String stamp) {

    private static final int TOP_PLACES = 5;

    /** The places with the most confirmed signatures: countries, or U.S. states when most signers are in the US. */
    public List<CampaignRepository.PlaceCount> topPlaces() {
        return PlaceCounts.top(placesByState() ? counts.usStates() : counts.countries(), TOP_PLACES);
    }

    public boolean placesByState() {
        return !counts.countries().isEmpty() && "US".equals(counts.countries().get(0).code()) && !counts.usStates().isEmpty();
    }

    /** The largest count of {@link #topPlaces()}: the full length of their bars. */
    public long topCount() {
        List<CampaignRepository.PlaceCount> top = topPlaces();
        return top.isEmpty() ? 1 : top.get(0).count();
    }

    public String placeName(String code) {
        return placesByState() ? org.groundswell.congress.UsStates.name(code).replaceFirst("^the ", "")
                : new java.util.Locale("", code).getDisplayCountry(java.util.Locale.ENGLISH);
    }

    public boolean open() {
        return campaign.isOpenForSigning();
    }

    public List<String> paragraphs() {
        return Arrays.stream(campaign.body().split("\\R\\s*\\R")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<Places.Choice> countries() {
        return Places.COUNTRIES;
    }

    public List<Places.Choice> states() {
        return Places.US_STATES;
    }
}

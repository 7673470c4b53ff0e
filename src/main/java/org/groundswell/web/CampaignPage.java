package org.groundswell.web;

import org.groundswell.campaign.CampaignRepository;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.PlaceCounts;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything the campaign page shows: the campaign, the signing form (empty, or as typed when it comes back with
 * errors), its errors by field, and the time stamp of when the form was first served. {@code embedded}: the same
 * form in the campaign's widget ({@code /c/{slug}/embed}), which posts to the widget's own address.
 */
public record CampaignPage(CampaignSnapshot campaign, PlaceCounts counts, String url, SignForm form, Map<String, String> errors,
                           String stamp, boolean embedded) {

    public CampaignPage(CampaignSnapshot campaign, PlaceCounts counts, String url, SignForm form, Map<String, String> errors,
                        String stamp) {
        this(campaign, counts, url, form, errors, stamp, false);
    }

    /** Where the form posts: the page it is on. */
    public String action() {
        return "/c/" + campaign.slug() + (embedded ? "/embed" : "");
    }

    /** The oEmbed document of this page, for content systems that embed the campaign from its bare URL. */
    public String oembedUrl() {
        String base = url.substring(0, url.length() - ("/c/" + campaign.slug()).length());
        return base + "/oembed?url=" + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8) + "&format=json";
    }

    /** The origins that may frame the widget, separated by spaces (empty: any https: origin), for its script. */
    public String frameOrigins() {
        return String.join(" ", campaign.embedOrigins());
    }

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

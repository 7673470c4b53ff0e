package org.groundswell.web;

import org.groundswell.campaign.Campaign;
import org.groundswell.campaign.CampaignStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Everything the campaign page shows: the campaign, the signing form as typed, and its errors by field. */
public record CampaignPage(Campaign campaign, String url, SignForm form, Map<String, String> errors, String csrfToken,
                           String stamp) {

    public boolean open() {
        return campaign.status == CampaignStatus.OPEN;
    }

    public int percent() {
        return (int) Math.min(100, campaign.signatureCount * 100 / Math.max(1, campaign.goal));
    }

    public List<String> paragraphs() {
        return Arrays.stream(campaign.body.split("\\R\\s*\\R")).map(String::strip).filter(p -> !p.isEmpty()).toList();
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

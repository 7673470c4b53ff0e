package org.groundswell.campaign;

public record CampaignSummary(String slug, String title, String summary, String topic, int goal,
                              CampaignStatus status, long signatureCount) {

    public static CampaignSummary of(CampaignSnapshot campaign) {
        return new CampaignSummary(campaign.slug(), campaign.title(), campaign.summary(), campaign.topic(),
                campaign.goal(), campaign.status(), campaign.signatureCount());
    }
}

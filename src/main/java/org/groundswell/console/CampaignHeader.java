package org.groundswell.console;

import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * What every page of one campaign in the console shows above its own content: who is signed in, the campaign, how
 * the person stands to it, and the navigation they may follow ({@link CampaignNav}).
 */
@TemplateData
public record CampaignHeader(String email, String slug, String title, String statusLabel, String relationLabel,
                             List<CampaignNav.Link> nav) {
}

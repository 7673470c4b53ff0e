package org.groundswell.signature;

import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.steps.RenderedStep;

import java.util.List;

/** A confirmed signature with its campaign and the supporter's own action steps. */
public record Confirmation(Signature signature, CampaignSnapshot campaign, List<RenderedStep> steps) {
}

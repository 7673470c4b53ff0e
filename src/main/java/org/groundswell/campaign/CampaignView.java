package org.groundswell.campaign;

import java.time.Instant;
import java.util.List;

public record CampaignView(
        String slug,
        String title,
        String summary,
        String body,
        String topic,
        int goal,
        CampaignStatus status,
        long signatureCount,
        Instant createdAt,
        List<StepView> steps,
        List<CampaignRepository.Milestone> milestones,
        /** The origins that may frame the signing widget; empty: any https: origin. */
        List<String> embedOrigins) {

    public static CampaignView of(CampaignSnapshot campaign) {
        return new CampaignView(campaign.slug(), campaign.title(), campaign.summary(), campaign.body(), campaign.topic(),
                campaign.goal(), campaign.status(), campaign.signatureCount(), campaign.createdAt(),
                campaign.steps().stream().map(StepView::of).toList(), campaign.milestones(),
                campaign.embedOrigins());
    }

    public record StepView(int position, StepKind kind, String title, String instructions, TargetInput target,
                           String subjectTemplate, String messageTemplate) {

        static StepView of(CampaignSnapshot.Step step) {
            return new StepView(step.position(), step.kind(), step.title(), step.instructions(),
                    new TargetInput(step.targetType(), step.targetName(), step.targetEmail(), step.targetPhone(),
                            step.targetPostalAddress(), step.targetUrl()),
                    step.subjectTemplate(), step.messageTemplate());
        }
    }
}

package org.groundswell.campaign;


import java.time.Instant;
import java.util.List;

/** A campaign as read at one moment: immutable, so it can be cached and shared between threads. */
public record CampaignSnapshot(long id, long organiserId, String slug, String title, String summary, String body,
                               String topic, int goal, CampaignStatus status, long signatureCount, Instant createdAt,
                               Instant updatedAt, Instant closedAt, List<Step> steps,
                               List<CampaignRepository.Milestone> milestones, List<String> embedOrigins) {

    /** One action step of the campaign, as the organiser wrote it. */
    public record Step(int position, StepKind kind, String title, String instructions, TargetType targetType,
                       String targetName, String targetEmail, String targetPhone, String targetPostalAddress,
                       String targetUrl, String subjectTemplate, String messageTemplate) {

        static Step of(ActionStep s) {
            return new Step(s.position, s.kind, s.title, s.instructions, s.targetType, s.targetName, s.targetEmail,
                    s.targetPhone, s.targetPostalAddress, s.targetUrl, s.subjectTemplate, s.messageTemplate);
        }
    }

    public static CampaignSnapshot of(Campaign c, List<CampaignRepository.Milestone> milestones) {
        return new CampaignSnapshot(c.id, c.organiserId, c.slug, c.title, c.summary, c.body, c.topic, c.goal, c.status,
                c.signatureCount, c.createdAt, c.updatedAt, c.closedAt, c.steps.stream().map(Step::of).toList(), milestones,
                EmbedOrigins.split(c.embedOrigins));
    }

    /** The milestones reached so far count as none for a campaign just made. */
    public static CampaignSnapshot of(Campaign c) {
        return of(c, List.of());
    }

    public boolean isPublic() {
        return status.isPublic();
    }

    public boolean isOpenForSigning() {
        return status.acceptsSignatures();
    }

    public boolean isOwnedBy(long organiserId) {
        return this.organiserId == organiserId;
    }
}

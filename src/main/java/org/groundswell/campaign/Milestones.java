package org.groundswell.campaign;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;
import org.groundswell.mail.OutgoingMail;
import org.groundswell.organiser.Organiser;
import org.groundswell.organiser.OrganiserRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The first time a campaign's confirmed count reaches 10, 25, 50, 75 and 100 % of its goal, its organiser hears
 * of it, once: the milestone's row is the proof, whichever replica folded the count that crossed it.
 */
@ApplicationScoped
public class Milestones {

    public static final List<Integer> PERCENTS = List.of(10, 25, 50, 75, 100);

    @CheckedTemplate(basePath = "CampaignMails")
    static class Templates {
        static native TemplateInstance milestoneHtml(String organiserName, String campaignTitle, int percent, long count, int goal,
                                                     Instant reachedAt, String campaignUrl);

        static native TemplateInstance milestoneTxt(String organiserName, String campaignTitle, int percent, long count, int goal,
                                                    Instant reachedAt, String campaignUrl);
    }

    private final CampaignRepository campaigns;
    private final OrganiserRepository organisers;
    private final Outbox outbox;
    private final GroundswellConfig config;
    private final Event<MilestoneReached> reached;
    private final Clock clock;

    public Milestones(CampaignRepository campaigns, OrganiserRepository organisers, Outbox outbox, GroundswellConfig config,
                      Event<MilestoneReached> reached, Clock clock) {
        this.reached = reached;
        this.clock = clock;
        this.campaigns = campaigns;
        this.organisers = organisers;
        this.outbox = outbox;
        this.config = config;
    }

    /** The count of a campaign moved from {@code before} to {@code after}: records and announces what it reached. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void afterCount(long campaignId, long before, long after, int goal) {
        for (int percent : PERCENTS) {
            long threshold = threshold(goal, percent);
            if (after >= threshold && before < threshold && campaigns.recordMilestone(campaignId, percent)) {
                announce(campaignId, percent, after, goal);
            }
        }
    }

    /** The count that reaches {@code percent} of {@code goal}: at least one signature. */
    static long threshold(int goal, int percent) {
        return Math.max(1, ((long) goal * percent + 99) / 100);
    }

    private void announce(long campaignId, int percent, long count, int goal) {
        Campaign campaign = campaigns.findById(campaignId);
        Organiser organiser = organisers.findById(campaign.organiserId);
        String url = config.campaignUrl(campaign.slug);
        Instant now = clock.instant();
        outbox.enqueue(new OutgoingMail("MILESTONE", OutgoingMail.NORMAL, organiser.email,
                campaign.title + " reached " + percent + "% of its goal",
                Templates.milestoneHtml(organiser.name, campaign.title, percent, count, goal, now, url).render(),
                Templates.milestoneTxt(organiser.name, campaign.title, percent, count, goal, now, url).render(), null, null), campaignId);
        reached.fire(new MilestoneReached(campaignId, campaign.slug, campaign.title, percent, count, goal, now));
    }
}

package org.groundswell.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.groundswell.signature.review.ReviewRepository;
import org.groundswell.team.TeamRepository;

import java.time.Instant;
import java.util.List;

/** The pages of one campaign in the console (review, updates, export, team), in the console's layout; every template escapes what it prints. */
@CheckedTemplate(basePath = "CampaignPages")
public class CampaignPages {

    public static native TemplateInstance review(CampaignHeader page, int hours, Instant since,
                                                 List<ReviewPagesResource.Section> sections, String done);

    public static native TemplateInstance reviewConfirm(CampaignHeader page, boolean release, ReviewChoice choice, long count,
                                                        String from, int hours);

    public static native TemplateInstance updates(CampaignHeader page, UpdatePagesResource.Draft draft, long audience,
                                                  List<UpdatePagesResource.Past> past, String done);

    public static native TemplateInstance updateConfirm(CampaignHeader page, UpdatePagesResource.Draft draft, long audience,
                                                        String key);

    public static native TemplateInstance export(CampaignHeader page, long confirmed);

    public static native TemplateInstance team(CampaignHeader page, List<TeamRepository.Member> members, String email,
                                               String role, String error, String done);
}

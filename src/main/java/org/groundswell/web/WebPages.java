package org.groundswell.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.signature.Confirmation;

import java.util.List;

/** Server-rendered pages; every template escapes what it prints. */
@CheckedTemplate(basePath = "WebPages")
public class WebPages {

    public static native TemplateInstance index(List<CampaignSnapshot> campaigns);

    public static native TemplateInstance campaign(CampaignPage page);

    public static native TemplateInstance checkEmail(CampaignSnapshot campaign);

    /** The signing widget: the campaign's count and its form, compact, in a partner's frame. */
    public static native TemplateInstance embed(CampaignPage page);

    /** The widget's "check your e-mail"; {@code origins} as {@link CampaignPage#frameOrigins()}. */
    public static native TemplateInstance embedThanks(CampaignSnapshot campaign, String url, String origins);

    public static native TemplateInstance confirm(CampaignSnapshot campaign, String name, String token);

    public static native TemplateInstance confirmed(Confirmation confirmation, String removeUrl);

    public static native TemplateInstance linkExpired(CampaignSnapshot campaign, long linkDays);

    public static native TemplateInstance error(int status, String title, String message);
}

package org.groundswell.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.groundswell.campaign.Campaign;
import org.groundswell.signature.SignatureService;

import java.util.List;

/** Server-rendered pages; every template escapes what it prints. */
@CheckedTemplate(basePath = "WebPages")
public class WebPages {

    public static native TemplateInstance index(List<Campaign> campaigns);

    public static native TemplateInstance campaign(CampaignPage page);

    public static native TemplateInstance checkEmail(Campaign campaign);

    public static native TemplateInstance confirmed(SignatureService.Confirmation confirmation);

    public static native TemplateInstance error(int status, String title, String message);
}

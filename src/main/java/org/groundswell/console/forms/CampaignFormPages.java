package org.groundswell.console.forms;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's campaign form and preview pages, in the console's layout; every template escapes what it prints. */
@CheckedTemplate(basePath = "CampaignForms")
public class CampaignFormPages {

    public static native TemplateInstance edit(String email, CampaignFormPage page);

    public static native TemplateInstance preview(String email, PreviewPage page);
}

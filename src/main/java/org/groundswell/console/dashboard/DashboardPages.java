package org.groundswell.console.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.groundswell.console.CampaignHeader;

/** The dashboard page; the template escapes everything it prints but the charts' SVG, which escapes its own text. */
@CheckedTemplate(basePath = "DashboardPages")
public class DashboardPages {

    public static native TemplateInstance dashboard(Dashboard dashboard, CampaignHeader page);
}

package org.groundswell.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/** The console's pages, in the console's layout (templates/console.html); every template escapes what it prints. */
@CheckedTemplate(basePath = "ConsolePages")
public class ConsolePages {

    public static native TemplateInstance signIn(String email, String error, boolean sent, long minutes, boolean devMode);

    public static native TemplateInstance signInLink(String email, String token);

    public static native TemplateInstance message(String title, String message, String email);

    public static native TemplateInstance campaigns(String email, List<CampaignRow> campaigns, boolean organiser);
}

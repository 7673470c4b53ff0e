package org.groundswell.team;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.groundswell.mail.OutgoingMail;

/** The mail to a person invited to a campaign's team: which campaign, as what, and where the console is. */
final class TeamMails {

    @CheckedTemplate(basePath = "TeamMails")
    static class Templates {
        static native TemplateInstance invitedHtml(String campaign, String role, String console);

        static native TemplateInstance invitedTxt(String campaign, String role, String console);
    }

    private TeamMails() {
    }

    static OutgoingMail invited(String email, String campaignTitle, TeamRole role, String consoleUrl) {
        String as = role == TeamRole.EDITOR ? "an editor" : "a viewer";
        return new OutgoingMail("TEAM_INVITATION", OutgoingMail.NORMAL, email, "You are invited to a Groundswell campaign",
                Templates.invitedHtml(campaignTitle, as, consoleUrl).render(),
                Templates.invitedTxt(campaignTitle, as, consoleUrl).render(), null, null);
    }
}

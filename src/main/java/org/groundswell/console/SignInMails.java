package org.groundswell.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.groundswell.mail.OutgoingMail;

/** The sign-in mail: a one-time link to the console. */
final class SignInMails {

    @CheckedTemplate(basePath = "ConsoleMails")
    static class Templates {
        static native TemplateInstance signInHtml(String link, long minutes);

        static native TemplateInstance signInTxt(String link, long minutes);
    }

    private SignInMails() {
    }

    /** Urgent, like a confirmation: the person waits for it, and it never queues behind bulk updates. */
    static OutgoingMail signIn(String email, String link, long minutes) {
        return new OutgoingMail("SIGN_IN", OutgoingMail.URGENT, email, "Your sign-in link to Groundswell",
                Templates.signInHtml(link, minutes).render(), Templates.signInTxt(link, minutes).render(), null, null);
    }
}

package org.groundswell.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.groundswell.mail.OutgoingMail;

import java.time.Instant;

/** The sign-in mail: a one-time link to the console. */
final class SignInMails {

    @CheckedTemplate(basePath = "ConsoleMails")
    static class Templates {
        static native TemplateInstance signInHtml(String link, long minutes, Instant expiresAt);

        static native TemplateInstance signInTxt(String link, long minutes, Instant expiresAt);
    }

    private SignInMails() {
    }

    /** Urgent, like a confirmation: the person waits for it, and it never queues behind bulk updates. */
    static OutgoingMail signIn(String email, String link, long minutes, Instant expiresAt) {
        return new OutgoingMail(OutgoingMail.SIGN_IN, OutgoingMail.URGENT, email, "Your sign-in link to Groundswell",
                Templates.signInHtml(link, minutes, expiresAt).render(), Templates.signInTxt(link, minutes, expiresAt).render(), null, null);
    }
}

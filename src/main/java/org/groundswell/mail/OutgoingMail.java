package org.groundswell.mail;

/**
 * A mail to be written to the outbox. {@code signatureId} ties a supporter's mail to their signature (erasure
 * cancels it); {@code listUnsubscribe} is the one-click unsubscribe URL of its List-Unsubscribe header.
 */
public record OutgoingMail(String kind, int priority, String recipient, String subject, String htmlBody,
                           String textBody, Long signatureId, String listUnsubscribe) {

    /** Confirmations go first: a supporter waits for them. */
    public static final int URGENT = 0;
    /** Steps after confirming, notices to organisers. */
    public static final int NORMAL = 1;
    /** Updates to many supporters: after everything else. */
    public static final int BULK = 2;

    /** A one-time sign-in link to the console. */
    public static final String SIGN_IN = "SIGN_IN";
    /**
     * Kinds whose body is a credential (a one-time link that signs in): it is cleared as soon as the mail is sent,
     * not kept for the retention of sent bodies.
     */
    static final java.util.Set<String> BODY_CLEARED_WHEN_SENT = java.util.Set.of(SIGN_IN);

    public OutgoingMail {
        subject = Outbox.headerSafe(subject);
    }
}

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

    public OutgoingMail {
        subject = Outbox.headerSafe(subject);
    }
}

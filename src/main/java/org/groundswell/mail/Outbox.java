package org.groundswell.mail;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** The mail outbox: callers add mail inside their own transaction, so the mail exists exactly when the change does. */
@ApplicationScoped
public class Outbox implements PanacheRepository<OutboxMessage> {

    @Transactional(Transactional.TxType.MANDATORY)
    public OutboxMessage enqueue(String kind, String recipient, String subject, String htmlBody, String textBody) {
        OutboxMessage message = new OutboxMessage();
        message.kind = kind;
        message.recipient = recipient;
        message.subject = headerSafe(subject);
        message.htmlBody = htmlBody;
        message.textBody = textBody;
        message.status = OutboxStatus.PENDING;
        message.createdAt = Instant.now();
        message.nextAttemptAt = message.createdAt;
        persist(message);
        return message;
    }

    /** A subject is one line: CR, LF and other controls can never start a new header. */
    static String headerSafe(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 297) + "..." : oneLine;
    }
}

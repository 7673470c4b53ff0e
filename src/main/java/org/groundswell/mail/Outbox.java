package org.groundswell.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.common.ConflictException;
import org.groundswell.common.UnknownResourceException;

import java.time.Clock;
import java.time.Instant;

/** The mail outbox: callers add mail inside their own transaction, so the mail exists exactly when the change does. */
@ApplicationScoped
public class Outbox {

    private final OutboxRepository messages;
    private final Clock clock;

    public Outbox(OutboxRepository messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public OutboxMessage enqueue(String kind, String recipient, String subject, String htmlBody, String textBody) {
        OutboxMessage message = new OutboxMessage();
        message.kind = kind;
        message.recipient = recipient;
        message.subject = headerSafe(subject);
        message.htmlBody = htmlBody;
        message.textBody = textBody;
        message.status = OutboxStatus.PENDING;
        message.createdAt = clock.instant();
        message.nextAttemptAt = message.createdAt;
        messages.persist(message);
        return message;
    }

    /** Queues a message the dispatcher gave up on once more, with a fresh count of attempts. */
    @Transactional
    public OutboxMessage retry(long id) {
        OutboxMessage message = messages.findByIdOptional(id)
                .orElseThrow(() -> new UnknownResourceException("No outbox message " + id + "."));
        if (message.status != OutboxStatus.FAILED) {
            throw new ConflictException("Only FAILED messages can be retried; this one is " + message.status + ".");
        }
        message.status = OutboxStatus.PENDING;
        message.attempts = 0;
        message.nextAttemptAt = Instant.now(clock);
        return message;
    }

    /** A subject is one line: CR, LF and other controls can never start a new header. */
    static String headerSafe(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 297) + "..." : oneLine;
    }
}

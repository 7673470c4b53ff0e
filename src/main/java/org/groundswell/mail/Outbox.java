package org.groundswell.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.common.ConflictException;
import org.groundswell.common.UnknownResourceException;


/** The mail outbox: callers add mail inside their own transaction, so the mail exists exactly when the change does. */
@ApplicationScoped
public class Outbox {

    private final OutboxRepository messages;
    private final OutboxDispatcher dispatcher;

    public Outbox(OutboxRepository messages, OutboxDispatcher dispatcher) {
        this.messages = messages;
        this.dispatcher = dispatcher;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public OutboxMessage enqueue(OutgoingMail mail) {
        return enqueue(mail, null);
    }

    /** A mail about a campaign: it counts among the campaign's mail. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OutboxMessage enqueue(OutgoingMail mail, Long campaignId) {
        OutboxMessage message = new OutboxMessage();
        message.kind = mail.kind();
        message.priority = mail.priority();
        message.recipient = mail.recipient();
        message.subject = mail.subject();
        message.htmlBody = mail.htmlBody();
        message.textBody = mail.textBody();
        message.signatureId = mail.signatureId();
        message.listUnsubscribe = mail.listUnsubscribe();
        message.campaignId = campaignId;
        message.status = OutboxStatus.PENDING;
        messages.persist(message); // created and due now, by the database's clock
        dispatcher.wake();
        return message;
    }

    /** Queues a message the dispatcher gave up on once more, with a fresh count of attempts. */
    @Transactional
    public OutboxMessage retry(long id) {
        OutboxMessage message = messages.findByIdOptional(id)
                .orElseThrow(() -> new UnknownResourceException("No outbox message " + id + "."));
        if (!messages.requeueFailed(id)) {
            throw new ConflictException("Only FAILED messages can be retried; this one is " + message.status + ".");
        }
        messages.getEntityManager().refresh(message);
        dispatcher.wake();
        return message;
    }

    /** A subject is one line: CR, LF and other controls can never start a new header. */
    public static String headerSafe(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 297) + "..." : oneLine;
    }
}

package org.groundswell.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.common.ConflictException;
import org.groundswell.common.UnknownResourceException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mail outbox: callers add mail inside their own transaction, so the mail exists exactly when the change does,
 * and cancel or delete it there too. Every statement on outbox_message is {@link OutboxRepository}'s; other
 * packages reach it only through this class.
 */
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

    /** Many mails with one statement (confirmations of released signatures). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueueAll(List<OutgoingMail> mails) {
        if (!mails.isEmpty()) {
            messages.insertMany(mails);
            dispatcher.wake();
        }
    }

    /**
     * Many mails with one statement on the connection of a transaction the caller runs itself, outside JTA (group
     * commit): the caller wakes the dispatcher ({@link OutboxDispatcher#wake()}) once it has committed.
     */
    public void enqueueAll(Connection connection, List<OutgoingMail> mails) throws SQLException {
        if (!mails.isEmpty()) {
            messages.insertMany(connection, mails);
        }
    }

    /**
     * The recipients of a bulk mail as a query of the caller's: {@code select} answers two columns, the address
     * and the signature id (or NULL), with its named {@code parameters}. One statement queues them all. The query is
     * the calling code's own text; values go only in {@code parameters}.
     */
    public record Recipients(String select, Map<String, Object> parameters) {

        /** One address, no signature (an organiser's test send). */
        public static Recipients one(String address) {
            return new Recipients("SELECT CAST(:recipient AS varchar), CAST(NULL AS bigint)", Map.of("recipient", address));
        }
    }

    /** Queues an update's mail to each recipient, bodies rendered when sent ({@link DeferredBodies}); answers how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueueDeferred(String kind, int priority, String subject, long updateId, Recipients recipients) {
        int queued = messages.insertDeferred(kind, priority, subject, updateId, recipients);
        dispatcher.wake();
        return queued;
    }

    /** The unsent mails of these signatures will not go (invalidated, suppressed): answers how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int cancelUnsentOf(Collection<Long> signatureIds) {
        return messages.cancelUnsentOf(signatureIds);
    }

    /** Every mail of these signatures, sent or not, goes (erasure, retention). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int deleteOf(Collection<Long> signatureIds) {
        return messages.deleteOf(signatureIds);
    }

    /** For an erasure by address: the mails to it that no signature claims. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int deleteUnlinkedTo(String recipient) {
        return messages.deleteUnlinkedTo(recipient);
    }

    /** Retention: the bodies of mails sent before {@code sentBefore} and of those given up on before {@code failedBefore}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int clearBodies(Instant sentBefore, Instant failedBefore) {
        return messages.clearSentBodies(sentBefore) + messages.clearFailedBodies(failedBefore);
    }

    /** Retention: the per-minute counts of confirmation mails older than {@code before}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int forgetRatesBefore(Instant before) {
        return messages.forgetRatesBefore(before);
    }

    /** The mails held for these signatures, without bodies (a supporter's access request). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<OutboxRepository.MailOfSignature> mailsOf(Collection<Long> signatureIds) {
        return messages.mailsOf(signatureIds);
    }

    /** The mails of these updates counted by status, by update id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Long, OutboxRepository.UpdateCounts> countsByUpdate(Collection<Long> updateIds) {
        Map<Long, OutboxRepository.UpdateCounts> counts = new HashMap<>();
        messages.countsByUpdate(updateIds).forEach(c -> counts.put(c.updateId(), c));
        return counts;
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

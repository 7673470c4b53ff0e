package org.groundswell.mail;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.config.GroundswellConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends what the outbox holds. Rows are claimed with FOR UPDATE SKIP LOCKED, so several replicas share
 * the work; a failure is retried with exponential backoff, then marked FAILED.
 */
@ApplicationScoped
public class OutboxDispatcher {

    /** How long a claimed row waits before another round may take it, should its sender die. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final OutboxRepository messages;
    private final Mailer mailer;
    private final GroundswellConfig.Outbox settings;
    private final Backoff backoff;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public OutboxDispatcher(OutboxRepository messages, Mailer mailer, GroundswellConfig config, MeterRegistry registry) {
        this.messages = messages;
        this.mailer = mailer;
        this.settings = config.outbox();
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        registry.gauge("groundswell.outbox.depth", depth);
        registry.gauge("groundswell.outbox.failed", failed);
    }

    @Scheduled(identity = "outbox-dispatcher", every = "${groundswell.outbox.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatchDue() {
        int sent;
        int rounds = 0;
        do {
            sent = sendBatch();
        } while (sent == settings.batchSize() && ++rounds < 50);
        QuarkusTransaction.requiringNew().run(this::refreshGauges);
    }

    /**
     * Claims a batch of due mail in a short transaction (a lease: the rows are not due again for a while), then
     * sends outside any transaction, recording each outcome in its own. A replica that dies mid-batch leaves its
     * rows to be sent again when the lease ends: mail is sent at least once, and a slow SMTP server never holds a
     * transaction open. Answers how many were sent.
     */
    int sendBatch() {
        List<Long> claimed = QuarkusTransaction.requiringNew().call(() -> messages.claimDue(settings.batchSize(), LEASE));
        int sent = 0;
        for (int i = 0; i < claimed.size(); i++) {
            long id = claimed.get(i);
            OutboxMessage message = QuarkusTransaction.requiringNew().call(() -> messages.findById(id));
            try {
                mailer.send(Mail.withHtml(message.recipient, Outbox.headerSafe(message.subject), message.htmlBody).setText(message.textBody));
                QuarkusTransaction.requiringNew().run(() -> markSent(id));
                sent++;
            } catch (RuntimeException e) {
                QuarkusTransaction.requiringNew().run(() -> recordFailure(id, e));
                // The server is probably down: hand the rest of the batch back, uncharged, for a later round.
                List<Long> rest = claimed.subList(i + 1, claimed.size());
                if (!rest.isEmpty()) {
                    QuarkusTransaction.requiringNew().run(() -> messages.release(rest));
                }
                break;
            }
        }
        return sent;
    }

    private void markSent(long id) {
        OutboxMessage message = messages.findById(id);
        message.status = OutboxStatus.SENT;
        message.sentAt = Instant.now();
        message.lastError = null;
    }

    private void recordFailure(long id, RuntimeException e) {
        OutboxMessage message = messages.findById(id);
        String error = String.valueOf(e.getMessage());
        message.lastError = error.length() > 1000 ? error.substring(0, 1000) : error;
        if (message.attempts >= settings.maxAttempts()) {
            message.status = OutboxStatus.FAILED;
            Log.errorf("Mail %d (%s) failed %d times and is given up: %s", message.id, message.kind, message.attempts, message.lastError);
        } else {
            message.nextAttemptAt = Instant.now().plus(backoff.after(message.attempts));
            Log.warnf("Mail %d (%s) failed (attempt %d), retrying at %s: %s", message.id, message.kind, message.attempts,
                    message.nextAttemptAt, message.lastError);
        }
    }

    private void refreshGauges() {
        depth.set(messages.countByStatus(OutboxStatus.PENDING));
        failed.set(messages.countByStatus(OutboxStatus.FAILED));
    }
}

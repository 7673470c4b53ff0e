package org.groundswell.mail;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.groundswell.config.GroundswellConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends what the outbox holds. Rows are claimed with FOR UPDATE SKIP LOCKED, so several replicas share
 * the work without sending a mail twice; a failure is retried with exponential backoff, then marked FAILED.
 */
@ApplicationScoped
public class OutboxDispatcher {

    private final EntityManager em;
    private final Mailer mailer;
    private final GroundswellConfig.Outbox settings;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public OutboxDispatcher(EntityManager em, Mailer mailer, GroundswellConfig config, MeterRegistry registry) {
        this.em = em;
        this.mailer = mailer;
        this.settings = config.outbox();
        registry.gauge("groundswell.outbox.depth", depth);
        registry.gauge("groundswell.outbox.failed", failed);
    }

    @Scheduled(identity = "outbox-dispatcher", every = "${groundswell.outbox.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatchDue() {
        int sent;
        int rounds = 0;
        do {
            sent = QuarkusTransaction.requiringNew().call(this::sendBatch);
        } while (sent == settings.batchSize() && ++rounds < 50);
        QuarkusTransaction.requiringNew().run(this::refreshGauges);
    }

    /** Sends one batch of due mail in one transaction; answers how many were sent. */
    int sendBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxMessage> due = em.createNativeQuery("""
                        SELECT * FROM outbox_message
                        WHERE status = 'PENDING' AND next_attempt_at <= now()
                        ORDER BY next_attempt_at, id
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED""", OutboxMessage.class)
                .setParameter("limit", settings.batchSize())
                .getResultList();
        int sent = 0;
        for (OutboxMessage message : due) {
            message.attempts++;
            try {
                mailer.send(Mail.withHtml(message.recipient, Outbox.headerSafe(message.subject), message.htmlBody).setText(message.textBody));
                message.status = OutboxStatus.SENT;
                message.sentAt = Instant.now();
                message.lastError = null;
                sent++;
            } catch (RuntimeException e) {
                recordFailure(message, e);
                // The server is probably down: leave the rest of the batch for a later round, uncharged.
                break;
            }
        }
        return sent;
    }

    private void recordFailure(OutboxMessage message, RuntimeException e) {
        String error = String.valueOf(e.getMessage());
        message.lastError = error.length() > 1000 ? error.substring(0, 1000) : error;
        if (message.attempts >= settings.maxAttempts()) {
            message.status = OutboxStatus.FAILED;
            Log.errorf("Mail %d (%s) failed %d times and is given up: %s", message.id, message.kind, message.attempts, message.lastError);
        } else {
            message.nextAttemptAt = Instant.now().plus(backoff(message.attempts));
            Log.warnf("Mail %d (%s) failed (attempt %d), retrying at %s: %s", message.id, message.kind, message.attempts,
                    message.nextAttemptAt, message.lastError);
        }
    }

    Duration backoff(int attempts) {
        Duration delay = settings.initialBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
    }

    private void refreshGauges() {
        depth.set(((Number) em.createNativeQuery("SELECT count(*) FROM outbox_message WHERE status = 'PENDING'").getSingleResult()).longValue());
        failed.set(((Number) em.createNativeQuery("SELECT count(*) FROM outbox_message WHERE status = 'FAILED'").getSingleResult()).longValue());
    }
}

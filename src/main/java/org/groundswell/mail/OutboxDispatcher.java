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
 * the work; a failure is retried with exponential backoff, then marked FAILED.
 */
@ApplicationScoped
public class OutboxDispatcher {

    /** How long a claimed row waits before another round may take it, should its sender die. */
    private static final Duration LEASE = Duration.ofMinutes(5);

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
        List<Long> claimed = QuarkusTransaction.requiringNew().call(this::claim);
        int sent = 0;
        for (int i = 0; i < claimed.size(); i++) {
            long id = claimed.get(i);
            OutboxMessage message = QuarkusTransaction.requiringNew().call(() -> em.find(OutboxMessage.class, id));
            try {
                mailer.send(Mail.withHtml(message.recipient, Outbox.headerSafe(message.subject), message.htmlBody).setText(message.textBody));
                QuarkusTransaction.requiringNew().run(() -> markSent(id));
                sent++;
            } catch (RuntimeException e) {
                QuarkusTransaction.requiringNew().run(() -> recordFailure(id, e));
                // The server is probably down: hand the rest of the batch back, uncharged, for a later round.
                List<Long> rest = claimed.subList(i + 1, claimed.size());
                if (!rest.isEmpty()) {
                    QuarkusTransaction.requiringNew().run(() -> release(rest));
                }
                break;
            }
        }
        return sent;
    }

    @SuppressWarnings("unchecked")
    private List<Long> claim() {
        List<Number> ids = em.createNativeQuery("""
                        UPDATE outbox_message SET attempts = attempts + 1,
                               next_attempt_at = now() + make_interval(secs => :lease)
                        WHERE id IN (SELECT id FROM outbox_message
                                     WHERE status = 'PENDING' AND next_attempt_at <= now()
                                     ORDER BY next_attempt_at, id
                                     LIMIT :limit
                                     FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .setParameter("lease", (double) LEASE.toSeconds())
                .setParameter("limit", settings.batchSize())
                .getResultList();
        return ids.stream().map(Number::longValue).sorted().toList();
    }

    private void markSent(long id) {
        OutboxMessage message = em.find(OutboxMessage.class, id);
        message.status = OutboxStatus.SENT;
        message.sentAt = Instant.now();
        message.lastError = null;
    }

    private void release(List<Long> ids) {
        em.createNativeQuery("UPDATE outbox_message SET attempts = attempts - 1, next_attempt_at = now() WHERE id IN (:ids)")
                .setParameter("ids", ids)
                .executeUpdate();
    }

    private void recordFailure(long id, RuntimeException e) {
        OutboxMessage message = em.find(OutboxMessage.class, id);
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

package org.groundswell.mail;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.ResultPage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxMessage> {

    /** A claimed message, with what sending it needs. */
    public record Claimed(long id, String kind, String recipient, String subject, String htmlBody, String textBody,
                          String listUnsubscribe, int attempts, Instant createdAt, Long signatureId, Long updateId) {

        /** Queued without a body: rendered when sent ({@link DeferredBodies}). */
        public boolean isDeferred() {
            return htmlBody == null && updateId != null;
        }

        Claimed withBodies(DeferredBodies.Rendered rendered) {
            return new Claimed(id, kind, recipient, subject, rendered.htmlBody(), rendered.textBody(), rendered.listUnsubscribe(),
                    attempts, createdAt, signatureId, updateId);
        }
    }

    /**
     * Takes up to {@code limit} due PENDING messages, most urgent first, under a lease: their next attempt moves
     * {@code lease} ahead, so no other round (of any replica) takes them meanwhile, and they carry the round's
     * {@code claim} token, which {@link #renew} checks.
     */
    @SuppressWarnings("unchecked")
    public List<Claimed> claimDue(int limit, Duration lease, long claim) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        UPDATE outbox_message SET attempts = attempts + 1, claim = :claim,
                               next_attempt_at = now() + make_interval(secs => :lease)
                        WHERE id IN (SELECT id FROM outbox_message
                                     WHERE status = :pending AND next_attempt_at <= now()
                                     ORDER BY priority, next_attempt_at, id
                                     LIMIT :limit
                                     FOR UPDATE SKIP LOCKED)
                        RETURNING id, kind, recipient, subject, html_body, text_body, list_unsubscribe, attempts, created_at,
                                  signature_id, update_id""")
                .setParameter("lease", lease.toMillis() / 1000.0)
                .setParameter("claim", claim)
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(r -> new Claimed(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], (String) r[6], ((Number) r[7]).intValue(), (Instant) r[8],
                r[9] == null ? null : ((Number) r[9]).longValue(), r[10] == null ? null : ((Number) r[10]).longValue())).toList();
    }

    /**
     * Extends the lease of the messages among {@code ids} that are still PENDING under the round's {@code claim}
     * (not taken over by another round since); answers those it extended.
     */
    @SuppressWarnings("unchecked")
    public List<Long> renew(long claim, Collection<Long> ids, Duration lease) {
        List<Number> rows = getEntityManager().createNativeQuery("""
                        UPDATE outbox_message SET next_attempt_at = now() + make_interval(secs => :lease)
                        WHERE id IN (:ids) AND claim = :claim AND status = :pending
                        RETURNING id""")
                .setParameter("lease", lease.toMillis() / 1000.0)
                .setParameter("ids", ids)
                .setParameter("claim", claim)
                .setParameter("pending", OutboxStatus.PENDING.name())
                .getResultList();
        return rows.stream().map(Number::longValue).toList();
    }

    /** Hands claimed messages back, uncharged, to be sent from {@code at} on. */
    public void release(Collection<Long> ids, Instant at) {
        getEntityManager().createNativeQuery(
                        "UPDATE outbox_message SET attempts = attempts - 1, next_attempt_at = :at WHERE id IN (:ids)")
                .setParameter("ids", ids)
                .setParameter("at", at)
                .executeUpdate();
    }

    /**
     * One statement for the messages of a round that went out meanwhile. Committed without waiting for the WAL flush
     * (it is written at once all the same): only a crash of PostgreSQL itself could lose the last fraction of a second
     * of these marks, and that sends those mails again; a replica that crashes loses none.
     */
    public void markSent(Collection<Long> ids) {
        getEntityManager().createNativeQuery("SET LOCAL synchronous_commit = off").executeUpdate();
        getEntityManager().createNativeQuery(
                        "UPDATE outbox_message SET status = :sent, sent_at = now(), last_error = NULL WHERE id IN (:ids)")
                .setParameter("sent", OutboxStatus.SENT.name())
                .setParameter("ids", ids)
                .executeUpdate();
    }

    /**
     * Takes up to {@code wanted} confirmation mails from this minute's allowance, shared by every replica;
     * answers how many may go now.
     */
    public int takeConfirmationAllowance(int wanted, int perMinute) {
        getEntityManager().createNativeQuery(
                        "INSERT INTO mail_rate (minute, confirmations) VALUES (date_trunc('minute', now()), 0) ON CONFLICT (minute) DO NOTHING")
                .executeUpdate();
        int used = ((Number) getEntityManager().createNativeQuery(
                        "SELECT confirmations FROM mail_rate WHERE minute = date_trunc('minute', now()) FOR UPDATE")
                .getSingleResult()).intValue();
        int granted = grant(wanted, perMinute, used);
        if (granted > 0) {
            getEntityManager().createNativeQuery(
                            "UPDATE mail_rate SET confirmations = confirmations + :granted WHERE minute = date_trunc('minute', now())")
                    .setParameter("granted", granted)
                    .executeUpdate();
        }
        return granted;
    }

    /** Of {@code wanted}, what a cap of {@code perMinute} leaves when {@code used} went out already this minute. */
    public static int grant(int wanted, int perMinute, int used) {
        return Math.max(0, Math.min(wanted, perMinute - used));
    }

    /** The start of the next minute, by the database's clock (when a new allowance begins). */
    public Instant nextMinute() {
        return (Instant) getEntityManager().createNativeQuery("SELECT date_trunc('minute', now()) + interval '1 minute'")
                .getSingleResult();
    }

    public void retryLater(long id, String error, Duration wait) {
        getEntityManager().createNativeQuery("""
                        UPDATE outbox_message SET last_error = :error, next_attempt_at = now() + make_interval(secs => :wait)
                        WHERE id = :id""")
                .setParameter("error", error)
                .setParameter("wait", wait.toMillis() / 1000.0)
                .setParameter("id", id)
                .executeUpdate();
    }

    public void giveUp(long id, String error) {
        getEntityManager().createNativeQuery("UPDATE outbox_message SET last_error = :error, status = :failed WHERE id = :id")
                .setParameter("error", error)
                .setParameter("failed", OutboxStatus.FAILED.name())
                .setParameter("id", id)
                .executeUpdate();
    }

    /** A FAILED message PENDING again, due now, with a fresh count of attempts. */
    public boolean requeueFailed(long id) {
        return getEntityManager().createNativeQuery("""
                        UPDATE outbox_message SET status = :pending, attempts = 0, next_attempt_at = now()
                        WHERE id = :id AND status = :failed""")
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("failed", OutboxStatus.FAILED.name())
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    /** Claimed messages that will not be sent after all (their supporter no longer wants them). */
    public void cancel(Collection<Long> ids) {
        getEntityManager().createNativeQuery("UPDATE outbox_message SET status = :cancelled WHERE id IN (:ids)")
                .setParameter("cancelled", OutboxStatus.CANCELLED.name())
                .setParameter("ids", ids)
                .executeUpdate();
    }

    public long countByStatus(OutboxStatus status) {
        return count("status", status);
    }

    public ResultPage<OutboxMessage> listByStatus(OutboxStatus status, int page, int size) {
        PanacheQuery<OutboxMessage> query = find("status", Sort.descending("id"), status);
        return new ResultPage<>(query.page(page, size).list(), page, size, query.count());
    }
}

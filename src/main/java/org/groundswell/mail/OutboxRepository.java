package org.groundswell.mail;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.ResultPage;

import jakarta.persistence.Query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/** Every statement on outbox_message and mail_rate: the one writer of both tables. */
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
    public List<Claimed> claimDue(int limit, Duration lease, long claim) {
        return getSession().createNativeQuery("""
                        UPDATE outbox_message SET attempts = attempts + 1, claim = :claim,
                               next_attempt_at = now() + make_interval(secs => :lease)
                        WHERE id IN (SELECT id FROM outbox_message
                                     WHERE status = :pending AND next_attempt_at <= now()
                                     ORDER BY priority, next_attempt_at, id
                                     LIMIT :limit
                                     FOR UPDATE SKIP LOCKED)
                        RETURNING id, kind, recipient, subject, html_body, text_body, list_unsubscribe, attempts, created_at,
                                  signature_id, update_id""", Claimed.class)
                .setParameter("lease", lease.toMillis() / 1000.0)
                .setParameter("claim", claim)
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("limit", limit)
                .getResultList();
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
     * of these marks, and that sends those mails again; a replica that crashes loses none. The body of a mail that is
     * a credential ({@link OutgoingMail#BODY_CLEARED_WHEN_SENT}: a sign-in link) is cleared in the same statement.
     */
    public void markSent(Collection<Long> ids) {
        getEntityManager().createNativeQuery("SET LOCAL synchronous_commit = off").executeUpdate();
        getEntityManager().createNativeQuery("""
                        UPDATE outbox_message SET status = :sent, sent_at = now(), last_error = NULL,
                               html_body = CASE WHEN kind = ANY (CAST(:cleared AS varchar[])) THEN NULL ELSE html_body END,
                               text_body = CASE WHEN kind = ANY (CAST(:cleared AS varchar[])) THEN NULL ELSE text_body END
                        WHERE id IN (:ids)""")
                .setParameter("sent", OutboxStatus.SENT.name())
                .setParameter("cleared", OutgoingMail.BODY_CLEARED_WHEN_SENT.toArray(String[]::new))
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
        int used = getSession().createNativeQuery(
                        "SELECT confirmations FROM mail_rate WHERE minute = date_trunc('minute', now()) FOR UPDATE", Integer.class)
                .getSingleResult();
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
        return getSession().createNativeQuery("SELECT date_trunc('minute', now()) + interval '1 minute'", Instant.class)
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

    // ---- Written inside the callers' transactions (through Outbox): every other statement on outbox_message ----

    /** One statement for many mails: parallel arrays through unnest; the JDBC path binds the same statement. */
    static final String INSERT_MANY = """
            INSERT INTO outbox_message (kind, priority, recipient, subject, html_body, text_body, signature_id,
                                        list_unsubscribe, status, campaign_id)
            SELECT m.*, CAST(:status AS varchar), (SELECT s.campaign_id FROM signature s WHERE s.id = m.signature_id)
            FROM unnest(CAST(:kinds AS varchar[]), CAST(:priorities AS int4[]),
                        CAST(:recipients AS varchar[]), CAST(:subjects AS varchar[]), CAST(:htmlBodies AS text[]),
                        CAST(:textBodies AS text[]), CAST(:signatureIds AS bigint[]), CAST(:listUnsubscribes AS varchar[]))
                 AS m (kind, priority, recipient, subject, html_body, text_body, signature_id, list_unsubscribe)""";

    /** {@link #INSERT_MANY} with positional parameters, for a JDBC connection. */
    private static final String INSERT_MANY_JDBC = INSERT_MANY.replaceAll(":[a-zA-Z]+", "?");

    public void insertMany(List<OutgoingMail> mails) {
        getEntityManager().createNativeQuery(INSERT_MANY)
                .setParameter("status", OutboxStatus.PENDING.name())
                .setParameter("kinds", column(mails, OutgoingMail::kind, String[]::new))
                .setParameter("priorities", column(mails, OutgoingMail::priority, Integer[]::new))
                .setParameter("recipients", column(mails, OutgoingMail::recipient, String[]::new))
                .setParameter("subjects", column(mails, OutgoingMail::subject, String[]::new))
                .setParameter("htmlBodies", column(mails, OutgoingMail::htmlBody, String[]::new))
                .setParameter("textBodies", column(mails, OutgoingMail::textBody, String[]::new))
                .setParameter("signatureIds", column(mails, OutgoingMail::signatureId, Long[]::new))
                .setParameter("listUnsubscribes", column(mails, OutgoingMail::listUnsubscribe, String[]::new))
                .executeUpdate();
    }

    /** The same on the connection of a transaction the caller runs itself (group commit). */
    public void insertMany(Connection connection, List<OutgoingMail> mails) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_MANY_JDBC)) {
            statement.setString(1, OutboxStatus.PENDING.name());
            statement.setArray(2, connection.createArrayOf("varchar", column(mails, OutgoingMail::kind, String[]::new)));
            statement.setArray(3, connection.createArrayOf("int4", column(mails, OutgoingMail::priority, Integer[]::new)));
            statement.setArray(4, connection.createArrayOf("varchar", column(mails, OutgoingMail::recipient, String[]::new)));
            statement.setArray(5, connection.createArrayOf("varchar", column(mails, OutgoingMail::subject, String[]::new)));
            statement.setArray(6, connection.createArrayOf("text", column(mails, OutgoingMail::htmlBody, String[]::new)));
            statement.setArray(7, connection.createArrayOf("text", column(mails, OutgoingMail::textBody, String[]::new)));
            statement.setArray(8, connection.createArrayOf("bigint", column(mails, OutgoingMail::signatureId, Long[]::new)));
            statement.setArray(9, connection.createArrayOf("varchar", column(mails, OutgoingMail::listUnsubscribe, String[]::new)));
            statement.executeUpdate();
        }
    }

    private static <T> T[] column(List<OutgoingMail> mails, Function<OutgoingMail, ?> value, IntFunction<T[]> array) {
        T[] values = array.apply(mails.size());
        for (int i = 0; i < values.length; i++) {
            @SuppressWarnings("unchecked") T v = (T) value.apply(mails.get(i));
            values[i] = v;
        }
        return values;
    }

    /**
     * Queues one mail of an update to each recipient {@code recipients} selects, with one statement; the bodies are
     * rendered when sent ({@link DeferredBodies}). Answers how many were queued.
     */
    public int insertDeferred(String kind, int priority, String subject, long updateId, Outbox.Recipients recipients) {
        Query query = getEntityManager().createNativeQuery("""
                INSERT INTO outbox_message (kind, priority, recipient, subject, status, signature_id, update_id, campaign_id)
                SELECT :kind, :priority, r.recipient, :subject, :pending, r.signature_id, :update,
                       (SELECT u.campaign_id FROM campaign_update u WHERE u.id = :update)
                FROM (""" + recipients.select() + ") AS r (recipient, signature_id)");
        recipients.parameters().forEach(query::setParameter);
        return query.setParameter("kind", kind)
                .setParameter("priority", priority)
                .setParameter("subject", subject)
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("update", updateId)
                .executeUpdate();
    }

    /** The unsent mails of these signatures (one array parameter, however many) will not go: CANCELLED, their bodies (links, names) cleared. */
    public int cancelUnsentOf(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery("""
                        UPDATE outbox_message SET status = :cancelled, html_body = NULL, text_body = NULL
                        WHERE signature_id = ANY (CAST(:ids AS bigint[])) AND status = :pending""")
                .setParameter("cancelled", OutboxStatus.CANCELLED.name())
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("ids", signatureIds.toArray(Long[]::new))
                .executeUpdate();
    }

    /** Everything held for these signatures goes: unsent mails are thereby cancelled. */
    public int deleteOf(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery("DELETE FROM outbox_message WHERE signature_id = ANY (CAST(:ids AS bigint[]))")
                .setParameter("ids", signatureIds.toArray(Long[]::new)).executeUpdate();
    }

    /** Mails to an address that no signature claims (queued before signatures were linked to their mails). */
    public int deleteUnlinkedTo(String recipient) {
        return getEntityManager().createNativeQuery("DELETE FROM outbox_message WHERE recipient = :email AND signature_id IS NULL")
                .setParameter("email", recipient).executeUpdate();
    }

    /** Clears the bodies (links, names) of mails sent before {@code before}; the rows stay. */
    public int clearSentBodies(Instant before) {
        return getEntityManager().createNativeQuery("""
                        UPDATE outbox_message SET html_body = NULL, text_body = NULL
                        WHERE status = :sent AND sent_at < :before AND html_body IS NOT NULL""")
                .setParameter("sent", OutboxStatus.SENT.name())
                .setParameter("before", before)
                .executeUpdate();
    }

    /** Clears the bodies of mails given up on and created before {@code before}. */
    public int clearFailedBodies(Instant before) {
        return getEntityManager().createNativeQuery("""
                        UPDATE outbox_message SET html_body = NULL, text_body = NULL
                        WHERE status = :failed AND created_at < :before AND html_body IS NOT NULL""")
                .setParameter("failed", OutboxStatus.FAILED.name())
                .setParameter("before", before)
                .executeUpdate();
    }

    public int forgetRatesBefore(Instant before) {
        return getEntityManager().createNativeQuery("DELETE FROM mail_rate WHERE minute < :before")
                .setParameter("before", before).executeUpdate();
    }

    /** A mail held for a signature, without its body. */
    public record MailOfSignature(long id, Long signatureId, String kind, String subject, OutboxStatus status,
                                  Instant createdAt, Instant sentAt) {
    }

    public List<MailOfSignature> mailsOf(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return List.of();
        }
        return find("signatureId in ?1", Sort.ascending("id"), signatureIds).project(MailOfSignature.class).list();
    }

    /** The mails of an update, counted by status. */
    public record UpdateCounts(long updateId, long pending, long sent, long failed, long cancelled) {
    }

    public List<UpdateCounts> countsByUpdate(Collection<Long> updateIds) {
        if (updateIds.isEmpty()) {
            return List.of();
        }
        return getSession().createNativeQuery("""
                        SELECT update_id, count(*) FILTER (WHERE status = :pending), count(*) FILTER (WHERE status = :sent),
                               count(*) FILTER (WHERE status = :failed), count(*) FILTER (WHERE status = :cancelled)
                        FROM outbox_message WHERE update_id IN (:ids) GROUP BY update_id""", UpdateCounts.class)
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("sent", OutboxStatus.SENT.name())
                .setParameter("failed", OutboxStatus.FAILED.name())
                .setParameter("cancelled", OutboxStatus.CANCELLED.name())
                .setParameter("ids", updateIds)
                .getResultList();
    }

    public long countByStatus(OutboxStatus status) {
        return count("status", status);
    }

    public ResultPage<OutboxMessage> listByStatus(OutboxStatus status, int page, int size) {
        PanacheQuery<OutboxMessage> query = find("status", Sort.descending("id"), status);
        return new ResultPage<>(query.page(page, size).list(), page, size, query.count());
    }
}

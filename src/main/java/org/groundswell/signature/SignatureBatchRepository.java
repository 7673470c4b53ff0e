package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.mail.OutboxStatus;
import org.groundswell.mail.OutgoingMail;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The queries of group commit: each writes or reads a whole batch of signatures in one statement (PostgreSQL
 * arrays through {@code unnest}), on the connection of the batch's transaction.
 */
@ApplicationScoped
public class SignatureBatchRepository {

    /** Recent signatures per (campaign, client address hash): within the burst window, and in all since {@code sustained}. */
    public record AddressCount(long burst, long sustained) {
    }

    public record Inserted(long id, long campaignId, String email) {
    }

    public record ResendDue(long id, long campaignId, String email, String name) {
    }

    /** A row to insert; {@code status} PENDING or HELD (with its reason). */
    public record Row(SigningRequest request, SignatureStatus status, String heldReason) {
    }

    /**
     * Holds, until the transaction ends, a lock for each limit key (a campaign and client address, a mailbox), taken
     * in one order: batches that share a key (on any replica) count and write one after the other, so that a limit
     * is never passed by two batches counting at once. Batches without a common key do not wait for each other.
     */
    public void lockLimitKeys(Connection connection, Collection<String> keys) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT count(pg_advisory_xact_lock(h))
                FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(?::varchar[]) AS k ORDER BY 1) AS ordered""")) {
            statement.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
            statement.executeQuery().close();
        }
    }

    /** {@code requests}: one per (campaign, client address hash). */
    public Map<String, AddressCount> addressCounts(Connection connection, Collection<SigningRequest> requests,
                                                   Duration burst, Duration sustained) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT s.campaign_id, s.client_hash,
                       count(*) FILTER (WHERE s.created_at > now() - make_interval(secs => ?)), count(*)
                FROM signature s
                JOIN unnest(?::bigint[], ?::varchar[]) AS k(campaign_id, client_hash)
                  ON s.campaign_id = k.campaign_id AND s.client_hash = k.client_hash
                WHERE s.created_at > now() - make_interval(secs => ?)
                GROUP BY 1, 2""")) {
            statement.setDouble(1, burst.toMillis() / 1000.0);
            statement.setArray(2, array(connection, "bigint", requests, SigningRequest::campaignId));
            statement.setArray(3, array(connection, "varchar", requests, SigningRequest::clientHash));
            statement.setDouble(4, sustained.toMillis() / 1000.0);
            Map<String, AddressCount> counts = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(addressKey(rows.getLong(1), rows.getString(2)), new AddressCount(rows.getLong(3), rows.getLong(4)));
                }
            }
            return counts;
        }
    }

    static String addressKey(long campaignId, String clientHash) {
        return campaignId + "/" + clientHash;
    }

    /**
     * Confirmation mails (one token each) sent to each mailbox in the last day: the mailbox's signatures by their
     * index, then each one's tokens by theirs (a plain join would let the planner scan every token).
     */
    public Map<String, Long> mailboxCounts(Connection connection, Collection<String> mailboxHashes) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT s.mailbox_hash, sum(t.sent)
                FROM signature s
                CROSS JOIN LATERAL (SELECT count(*) AS sent FROM confirmation_token t
                                    WHERE t.signature_id = s.id AND t.created_at > now() - interval '1 day') AS t
                WHERE s.mailbox_hash = ANY (?)
                GROUP BY 1""")) {
            statement.setArray(1, connection.createArrayOf("varchar", mailboxHashes.toArray()));
            Map<String, Long> counts = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        }
    }

    /** The mailboxes (of these) on the suppression list: they get no mail at all. */
    public java.util.Set<String> suppressed(Connection connection, Collection<String> mailboxHashes) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT mailbox_hash FROM suppression WHERE mailbox_hash = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("varchar", mailboxHashes.toArray()));
            java.util.Set<String> suppressed = new java.util.HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    suppressed.add(rows.getString(1));
                }
            }
            return suppressed;
        }
    }

    /** Inserts the rows whose (campaign, e-mail) has no signature yet; answers those inserted. */
    public List<Inserted> insertIfAbsent(Connection connection, List<Row> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO signature (campaign_id, name, email, country, region, postal_code, district,
                                       consent_to_updates, status, held_reason, client_hash, mailbox_hash)
                SELECT * FROM unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                     ?::int4[], ?::bool[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                ON CONFLICT (campaign_id, email) DO NOTHING
                RETURNING id, campaign_id, email""")) {
            statement.setArray(1, array(connection, "bigint", rows, r -> r.request().campaignId()));
            statement.setArray(2, array(connection, "varchar", rows, r -> r.request().name()));
            statement.setArray(3, array(connection, "varchar", rows, r -> r.request().email()));
            statement.setArray(4, array(connection, "varchar", rows, r -> r.request().country()));
            statement.setArray(5, array(connection, "varchar", rows, r -> r.request().region()));
            statement.setArray(6, array(connection, "varchar", rows, r -> r.request().postalCode()));
            statement.setArray(7, array(connection, "int4", rows, r -> r.request().district()));
            statement.setArray(8, array(connection, "bool", rows, r -> r.request().consentToUpdates()));
            statement.setArray(9, array(connection, "varchar", rows, r -> r.status().name()));
            statement.setArray(10, array(connection, "varchar", rows, Row::heldReason));
            statement.setArray(11, array(connection, "varchar", rows, r -> r.request().clientHash()));
            statement.setArray(12, array(connection, "varchar", rows, r -> r.request().mailboxHash()));
            List<Inserted> inserted = new ArrayList<>(rows.size());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    inserted.add(new Inserted(result.getLong(1), result.getLong(2), result.getString(3)));
                }
            }
            return inserted;
        }
    }

    /**
     * For signatures that exist already, signed again within the limits: the PENDING ones whose last confirmation
     * went out at least {@code interval} ago, and the HELD ones a limit held for one of {@code liftable} reasons,
     * become PENDING with their confirmation sent now (one winner among concurrent requests), and are answered.
     */
    public List<ResendDue> markResendDue(Connection connection, List<SigningRequest> requests, Duration interval,
                                         Collection<String> liftable) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE signature s SET status = ?, held_reason = NULL, confirmation_sent_at = now()
                FROM unnest(?::bigint[], ?::varchar[]) AS r(campaign_id, email)
                WHERE s.campaign_id = r.campaign_id AND s.email = r.email
                  AND ((s.status = ? AND s.confirmation_sent_at <= now() - make_interval(secs => ?))
                       OR (s.status = ? AND s.held_reason = ANY (?)))
                RETURNING s.id, s.campaign_id, s.email, s.name""")) {
            statement.setString(1, SignatureStatus.PENDING.name());
            statement.setArray(2, array(connection, "bigint", requests, SigningRequest::campaignId));
            statement.setArray(3, array(connection, "varchar", requests, SigningRequest::email));
            statement.setString(4, SignatureStatus.PENDING.name());
            statement.setDouble(5, interval.toMillis() / 1000.0);
            statement.setString(6, SignatureStatus.HELD.name());
            statement.setArray(7, connection.createArrayOf("varchar", liftable.toArray()));
            List<ResendDue> due = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    due.add(new ResendDue(result.getLong(1), result.getLong(2), result.getString(3), result.getString(4)));
                }
            }
            return due;
        }
    }

    public void insertTokens(Connection connection, List<String> tokenHashes, List<Long> signatureIds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO confirmation_token (token_hash, signature_id) SELECT * FROM unnest(?::varchar[], ?::bigint[])")) {
            statement.setArray(1, connection.createArrayOf("varchar", tokenHashes.toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", signatureIds.toArray()));
            statement.executeUpdate();
        }
    }

    public void insertMails(Connection connection, List<OutgoingMail> mails) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO outbox_message (kind, priority, recipient, subject, html_body, text_body, signature_id,
                                            list_unsubscribe, status, campaign_id)
                SELECT m.*, ?, (SELECT s.campaign_id FROM signature s WHERE s.id = m.signature_id)
                FROM unnest(?::varchar[], ?::int4[], ?::varchar[], ?::varchar[], ?::text[], ?::text[],
                            ?::bigint[], ?::varchar[])
                     AS m(kind, priority, recipient, subject, html_body, text_body, signature_id, list_unsubscribe)""")) {
            statement.setString(1, OutboxStatus.PENDING.name());
            statement.setArray(2, array(connection, "varchar", mails, OutgoingMail::kind));
            statement.setArray(3, array(connection, "int4", mails, OutgoingMail::priority));
            statement.setArray(4, array(connection, "varchar", mails, OutgoingMail::recipient));
            statement.setArray(5, array(connection, "varchar", mails, OutgoingMail::subject));
            statement.setArray(6, array(connection, "text", mails, OutgoingMail::htmlBody));
            statement.setArray(7, array(connection, "text", mails, OutgoingMail::textBody));
            statement.setArray(8, array(connection, "bigint", mails, OutgoingMail::signatureId));
            statement.setArray(9, array(connection, "varchar", mails, OutgoingMail::listUnsubscribe));
            statement.executeUpdate();
        }
    }

    private static <T> Array array(Connection connection, String type, Collection<T> rows, Function<T, ?> column) throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(column).toArray());
    }
}

package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The reads of group commit: the locks and counts the abuse limits need, each for a whole batch in one statement
 * (PostgreSQL arrays through {@code unnest}), on the connection of the batch's transaction. It writes nothing: the
 * batch's rows are written by {@link SignatureRepository}, its mails by the outbox.
 */
@ApplicationScoped
public class SignatureBatchRepository {

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

    /**
     * Recent signatures per (campaign, client address hash), by {@link AbuseLimits#addressKey}: within the burst
     * window, and in all since {@code sustained}; a partner's signatures (made with an API key) are not the address's.
     * {@code requests}: one per (campaign, client address hash).
     */
    public Map<String, AbuseLimits.AddressCount> addressCounts(Connection connection, Collection<SigningRequest> requests,
                                                   Duration burst, Duration sustained) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT s.campaign_id, s.client_hash,
                       count(*) FILTER (WHERE s.created_at > now() - make_interval(secs => ?)), count(*)
                FROM signature s
                JOIN unnest(?::bigint[], ?::varchar[]) AS k(campaign_id, client_hash)
                  ON s.campaign_id = k.campaign_id AND s.client_hash = k.client_hash
                WHERE s.created_at > now() - make_interval(secs => ?) AND s.api_key_id IS NULL
                GROUP BY 1, 2""")) {
            statement.setDouble(1, burst.toMillis() / 1000.0);
            statement.setArray(2, array(connection, "bigint", requests, SigningRequest::campaignId));
            statement.setArray(3, array(connection, "varchar", requests, SigningRequest::clientHash));
            statement.setDouble(4, sustained.toMillis() / 1000.0);
            Map<String, AbuseLimits.AddressCount> counts = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(AbuseLimits.addressKey(rows.getLong(1), rows.getString(2)),
                            new AbuseLimits.AddressCount(rows.getLong(3), rows.getLong(4)));
                }
            }
            return counts;
        }
    }

    /**
     * Recent signatures per (campaign, IPv6 /48 hash), by {@link AbuseLimits#addressKey} of the network hash, as
     * {@link #addressCounts} counts addresses. {@code requests}: one per (campaign, network hash), none without one.
     */
    public Map<String, AbuseLimits.AddressCount> networkCounts(Connection connection, Collection<SigningRequest> requests,
                                                               Duration burst, Duration sustained) throws SQLException {
        if (requests.isEmpty()) {
            return Map.of();
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT s.campaign_id, s.network_hash,
                       count(*) FILTER (WHERE s.created_at > now() - make_interval(secs => ?)), count(*)
                FROM signature s
                JOIN unnest(?::bigint[], ?::varchar[]) AS k(campaign_id, network_hash)
                  ON s.campaign_id = k.campaign_id AND s.network_hash = k.network_hash
                WHERE s.network_hash IS NOT NULL AND s.created_at > now() - make_interval(secs => ?) AND s.api_key_id IS NULL
                GROUP BY 1, 2""")) {
            statement.setDouble(1, burst.toMillis() / 1000.0);
            statement.setArray(2, array(connection, "bigint", requests, SigningRequest::campaignId));
            statement.setArray(3, array(connection, "varchar", requests, SigningRequest::networkHash));
            statement.setDouble(4, sustained.toMillis() / 1000.0);
            Map<String, AbuseLimits.AddressCount> counts = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(AbuseLimits.addressKey(rows.getLong(1), rows.getString(2)),
                            new AbuseLimits.AddressCount(rows.getLong(3), rows.getLong(4)));
                }
            }
            return counts;
        }
    }

    /**
     * New signatures (not held) per campaign within the last {@code window}, to the minute, from the per-minute
     * counts ({@code signing_rate}) that batches add to as they commit.
     */
    public Map<Long, Long> campaignCounts(Connection connection, Collection<Long> campaignIds, Duration window) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT campaign_id, sum(signatures) FROM signing_rate
                WHERE campaign_id = ANY (?) AND minute > date_trunc('minute', now()) - make_interval(secs => ?)
                GROUP BY 1""")) {
            statement.setArray(1, connection.createArrayOf("bigint", campaignIds.toArray()));
            statement.setDouble(2, window.toMillis() / 1000.0);
            Map<Long, Long> counts = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getLong(1), rows.getLong(2));
                }
            }
            return counts;
        }
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
    public Set<String> suppressed(Connection connection, Collection<String> mailboxHashes) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT mailbox_hash FROM suppression WHERE mailbox_hash = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("varchar", mailboxHashes.toArray()));
            Set<String> suppressed = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    suppressed.add(rows.getString(1));
                }
            }
            return suppressed;
        }
    }

    private static <T> Array array(Connection connection, String type, Collection<T> rows, Function<T, ?> column) throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(column).toArray());
    }
}

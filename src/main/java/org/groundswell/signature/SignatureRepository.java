package org.groundswell.signature;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.ResultPage;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.hibernate.query.NativeQuery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one writer of the signature table (and of its tokens, suppression list and tally deltas): signing's group
 * commit (on the batch's JDBC connection), confirming, review's bulk actions, privacy and retention.
 */
@ApplicationScoped
public class SignatureRepository implements PanacheRepository<Signature> {

    static final String[] EXPORT_COLUMNS = {"name", "email", "country", "region", "postal_code", "district",
            "consent_to_updates", "status", "created_at", "confirmed_at", "origin_system"};

    @Inject
    AgroalDataSource dataSource;

    /** A row of the CSV export: the signature's id (where the next page starts) and its cells as text. */
    public record ExportRow(long id, String[] cells) {
    }

    /**
     * Up to {@code limit} confirmed signatures of a campaign with an id above {@code afterId}, oldest first, as text.
     * One short statement on a pooled connection, given back before this returns: a download reads its rows page
     * by page and holds no connection (nor a transaction) while its client reads.
     */
    public List<ExportRow> exportPage(long campaignId, long afterId, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT id, " + exportSelection()
                     + " FROM signature WHERE campaign_id = ? AND status = ? AND id > ? ORDER BY id LIMIT ?")) {
            statement.setLong(1, campaignId);
            statement.setString(2, SignatureStatus.CONFIRMED.name());
            statement.setLong(3, afterId);
            statement.setInt(4, limit);
            List<ExportRow> page = new ArrayList<>(Math.min(limit, 1024));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String[] values = new String[EXPORT_COLUMNS.length];
                    for (int i = 0; i < values.length; i++) {
                        Object value = rows.getObject(i + 2);
                        values[i] = value == null ? "" : value instanceof Timestamp ts ? ts.toInstant().toString() : value.toString();
                    }
                    page.add(new ExportRow(rows.getLong(1), values));
                }
            }
            return page;
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("Export failed", e));
        }
    }

    /**
     * The export's columns as selected: a suppressed mailbox ("no mail from any campaign") never shows as consenting,
     * even on a row written before suppression cleared its consent.
     */
    private static String exportSelection() {
        return java.util.Arrays.stream(EXPORT_COLUMNS).map(column -> column.equals("consent_to_updates")
                ? "(consent_to_updates AND NOT EXISTS (SELECT 1 FROM suppression x WHERE x.mailbox_hash = signature.mailbox_hash))"
                + " AS consent_to_updates"
                : column).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The signature a confirmation token belongs to, and whether the token is older than {@code lifetime}. */
    public record TokenHolder(Signature signature, boolean expired) {
    }

    private record Token(long signatureId, boolean expired) {
    }

    public Optional<TokenHolder> findByTokenHash(String tokenHash, Duration lifetime) {
        Optional<Token> token = getSession().createNativeQuery("""
                        SELECT signature_id, created_at < now() - make_interval(secs => :lifetime)
                        FROM confirmation_token WHERE token_hash = :hash""", Token.class)
                .setParameter("lifetime", (double) lifetime.toSeconds())
                .setParameter("hash", tokenHash)
                .getResultStream().findFirst();
        return token.flatMap(t -> findByIdOptional(t.signatureId()).map(s -> new TokenHolder(s, t.expired())));
    }

    // ---- Mailbox hash backfill (MailboxHashBackfill): one chunk per transaction, one replica at a time ----

    /** Holds the backfill's lock until the transaction ends: replicas take chunks one after the other. */
    public void lockMailboxBackfill() {
        getSession().createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtext('groundswell-mailbox-backfill')) AS text)",
                String.class).getSingleResult();
    }

    /**
     * A signature whose mailbox hash is missing (stored before hashes existed) or not of the canonical mailbox
     * (marked by the V13 migration); {@code mailboxHash} is the hash it has now, if any.
     */
    public record StaleMailbox(long id, long campaignId, String email, String mailboxHash, String status) {
    }

    /** Up to {@code limit} of them, oldest first, locked until the transaction ends. */
    public List<StaleMailbox> staleMailboxHashes(int limit) {
        return getSession().createNativeQuery("""
                        SELECT id, campaign_id, email, mailbox_hash, status FROM signature
                        WHERE email IS NOT NULL AND (mailbox_hash IS NULL OR mailbox_rehash)
                        ORDER BY id LIMIT :limit FOR UPDATE""", StaleMailbox.class)
                .setParameter("limit", limit).getResultList();
    }

    /** A signature holding one (campaign, mailbox hash): what deciding which of two twins stays needs. */
    public record MailboxHolder(long id, long campaignId, String mailboxHash, String status) {
    }

    /** The signatures that hold these (campaign, mailbox hash) pairs already. */
    public List<MailboxHolder> holdersOf(List<Long> campaignIds, List<String> mailboxHashes) {
        return getSession().createNativeQuery("""
                        SELECT s.id, s.campaign_id, s.mailbox_hash, s.status FROM signature s
                        JOIN unnest(CAST(:campaigns AS bigint[]), CAST(:hashes AS varchar[])) AS k(c, h)
                          ON s.mailbox_hash = k.h AND s.campaign_id = k.c""", MailboxHolder.class)
                .setParameter("campaigns", campaignIds.toArray(Long[]::new))
                .setParameter("hashes", mailboxHashes.toArray(String[]::new))
                .getResultList();
    }

    /** Gives signatures their canonical mailbox hash (and clears the V13 mark). */
    public void setMailboxHashes(List<Long> ids, List<String> mailboxHashes) {
        if (ids.isEmpty()) {
            return;
        }
        getEntityManager().createNativeQuery("""
                        UPDATE signature s SET mailbox_hash = u.h, mailbox_rehash = NULL
                        FROM unnest(CAST(:ids AS bigint[]), CAST(:hashes AS varchar[])) AS u(i, h) WHERE s.id = u.i""")
                .setParameter("ids", ids.toArray(Long[]::new))
                .setParameter("hashes", mailboxHashes.toArray(String[]::new))
                .executeUpdate();
    }

    /** Of these mailbox hashes, those on the suppression list. */
    public List<String> suppressedAmong(Collection<String> mailboxHashes) {
        return getSession().createNativeQuery(
                        "SELECT mailbox_hash FROM suppression WHERE mailbox_hash = ANY (CAST(:hashes AS varchar[]))", String.class)
                .setParameter("hashes", mailboxHashes.toArray(String[]::new))
                .getResultList();
    }

    /** Puts these mailboxes on the suppression list. */
    public void suppressAll(Collection<String> mailboxHashes) {
        if (mailboxHashes.isEmpty()) {
            return;
        }
        getEntityManager().createNativeQuery(
                        "INSERT INTO suppression (mailbox_hash) SELECT unnest(CAST(:hashes AS varchar[])) ON CONFLICT DO NOTHING")
                .setParameter("hashes", mailboxHashes.toArray(String[]::new))
                .executeUpdate();
    }

    /** Puts a mailbox on the suppression list: no mail to it from any campaign. */
    public void suppress(String mailboxHash) {
        getEntityManager().createNativeQuery("INSERT INTO suppression (mailbox_hash) VALUES (:hash) ON CONFLICT DO NOTHING")
                .setParameter("hash", mailboxHash)
                .executeUpdate();
    }

    public boolean isSuppressed(String mailboxHash) {
        return mailboxHash != null && getSession()
                .createNativeQuery("SELECT count(*) FROM suppression WHERE mailbox_hash = :hash", Long.class)
                .setParameter("hash", mailboxHash).getSingleResult() > 0;
    }

    /** PENDING → CONFIRMED; answers false when it was not PENDING (already confirmed by another request). */
    public boolean confirm(long signatureId, Instant at) {
        return update("status = ?1, confirmedAt = ?2 where id = ?3 and status = ?4",
                SignatureStatus.CONFIRMED, at, signatureId, SignatureStatus.PENDING) == 1;
    }

    public ResultPage<Signature> listByCampaign(long campaignId, SignatureStatus status, int page, int size) {
        PanacheQuery<Signature> query = find("campaignId = ?1 and status = ?2", Sort.ascending("id"), campaignId, status);
        return new ResultPage<>(query.page(page, size).list(), page, size, query.count());
    }

    /**
     * Up to {@code limit} signatures of a campaign in a status with an id above {@code afterId}, oldest first: a keyset
     * page on signature_campaign_status_idx (campaign_id, status, id), as cheap a million rows in as at the start. No
     * count.
     */
    public List<Signature> listByCampaignAfter(long campaignId, SignatureStatus status, long afterId, int limit) {
        return find("campaignId = ?1 and status = ?2 and id > ?3", Sort.ascending("id"), campaignId, status, afterId)
                .range(0, limit - 1).list();
    }

    /**
     * Up to {@code limit} signatures of a campaign in a status from the {@code offset}-th on, oldest first, with no
     * count: the caller bounds the offset (every row before it is read and skipped).
     */
    public List<Signature> listByCampaignFrom(long campaignId, SignatureStatus status, int offset, int limit) {
        return find("campaignId = ?1 and status = ?2", Sort.ascending("id"), campaignId, status)
                .range(offset, offset + limit - 1).list();
    }

    public long countByStatus(long campaignId, SignatureStatus status) {
        return count("campaignId = ?1 and status = ?2", campaignId, status);
    }

    /** One insert-only row per change of a campaign's count, with the place it counts for; {@link SignatureTally} folds them. */
    public void recordTallyDelta(long campaignId, int delta, String country, String usState, Integer usDistrict) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO signature_tally_delta (campaign_id, delta, country, us_state, us_district)
                        VALUES (:campaign, :delta, :country, :state, :district)""")
                .setParameter("campaign", campaignId)
                .setParameter("delta", delta)
                .setParameter("country", country)
                .setParameter("state", usState)
                .setParameter("district", usDistrict)
                .executeUpdate();
    }

    /** A campaign whose count a fold changed, before and after. */
    public record Folded(long campaignId, long before, long after, int goal) {
    }

    /**
     * Adds the deltas to the campaigns' counts and to their counts by place, and deletes them: each delta is
     * counted once, whichever replica folds. Answers the campaigns whose count changed.
     */
    public List<Folded> foldTallyDeltas() {
        return getSession().createNativeQuery("""
                WITH folded AS (DELETE FROM signature_tally_delta RETURNING campaign_id, delta, country, us_state, us_district),
                     totals AS (UPDATE campaign c SET signature_count = c.signature_count + s.total
                                FROM (SELECT campaign_id, sum(delta) AS total FROM folded GROUP BY campaign_id) s
                                WHERE c.id = s.campaign_id
                                RETURNING c.id, c.signature_count - s.total AS before, c.signature_count AS after, c.goal),
                     places AS (INSERT INTO campaign_place_count AS p (campaign_id, kind, code, count)
                                SELECT campaign_id, kind, code, sum(delta) FROM (
                                    SELECT campaign_id, 'country' AS kind, country AS code, delta FROM folded WHERE country IS NOT NULL
                                    UNION ALL
                                    SELECT campaign_id, 'state', us_state, delta FROM folded WHERE us_state IS NOT NULL
                                    UNION ALL
                                    SELECT campaign_id, 'district', us_state || '-' || lpad(us_district::text, 2, '0'), delta
                                    FROM folded WHERE us_state IS NOT NULL AND us_district IS NOT NULL) AS deltas
                                GROUP BY campaign_id, kind, code
                                ON CONFLICT (campaign_id, kind, code) DO UPDATE SET count = p.count + excluded.count)
                SELECT id, before, after, goal FROM totals""", Folded.class).getResultList();
    }

    // ---- Group commit: on the connection of the batch's transaction (SigningBatcher), a whole batch per statement ----

    /** A row to insert; {@code status} PENDING or HELD (with every limit it met). */
    public record Row(SigningRequest request, SignatureStatus status, List<HoldReason> heldReasons) {
    }

    public record Inserted(long id, long campaignId, String mailboxHash) {
    }

    public record ResendDue(long id, long campaignId, String email, String name) {
    }

    /**
     * Inserts the rows whose campaign has no signature of their canonical mailbox (nor of their address) yet; answers
     * those inserted.
     */
    public List<Inserted> insertIfAbsent(Connection connection, List<Row> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO signature (campaign_id, name, email, country, region, postal_code, district,
                                       consent_to_updates, status, held_reasons, client_hash, network_hash, mailbox_hash,
                                       origin_system, api_key_id)
                SELECT c, n, e, co, r, p, d, ct, st, string_to_array(h, ',')::varchar[], ch, nh, mh, os, k
                FROM unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                            ?::int4[], ?::bool[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                            ?::varchar[], ?::bigint[])
                     AS u(c, n, e, co, r, p, d, ct, st, h, ch, nh, mh, os, k)
                ON CONFLICT DO NOTHING
                RETURNING id, campaign_id, mailbox_hash""")) {
            statement.setArray(1, array(connection, "bigint", rows, r -> r.request().campaignId()));
            statement.setArray(2, array(connection, "varchar", rows, r -> r.request().name()));
            statement.setArray(3, array(connection, "varchar", rows, r -> r.request().email()));
            statement.setArray(4, array(connection, "varchar", rows, r -> r.request().country()));
            statement.setArray(5, array(connection, "varchar", rows, r -> r.request().region()));
            statement.setArray(6, array(connection, "varchar", rows, r -> r.request().postalCode()));
            statement.setArray(7, array(connection, "int4", rows, r -> r.request().district()));
            statement.setArray(8, array(connection, "bool", rows, r -> r.request().consentToUpdates()));
            statement.setArray(9, array(connection, "varchar", rows, r -> r.status().name()));
            statement.setArray(10, array(connection, "varchar", rows, r -> r.heldReasons().isEmpty() ? null
                    : String.join(",", HoldReason.names(r.heldReasons()))));
            statement.setArray(11, array(connection, "varchar", rows, r -> r.request().clientHash()));
            statement.setArray(12, array(connection, "varchar", rows, r -> r.request().networkHash()));
            statement.setArray(13, array(connection, "varchar", rows, r -> r.request().mailboxHash()));
            statement.setArray(14, array(connection, "varchar", rows, r -> r.request().origin().originSystem()));
            statement.setArray(15, array(connection, "bigint", rows, r -> r.request().origin().apiKeyId()));
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
     * For signatures that exist already (of the same canonical mailbox), signed again within the limits: the PENDING
     * ones whose last confirmation went out at least {@code interval} ago, and the HELD ones whose every limit is one
     * of {@code liftable}, become PENDING with their confirmation sent now (one winner among concurrent requests), to
     * the address the signature was made with, and are answered.
     */
    public List<ResendDue> markResendDue(Connection connection, List<SigningRequest> requests, Duration interval,
                                         List<HoldReason> liftable) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE signature s SET status = ?, held_reasons = NULL, confirmation_sent_at = now()
                FROM unnest(?::bigint[], ?::varchar[]) AS r(campaign_id, mailbox_hash)
                WHERE s.mailbox_hash = r.mailbox_hash AND s.campaign_id = r.campaign_id
                  AND ((s.status = ? AND s.confirmation_sent_at <= now() - make_interval(secs => ?))
                       OR (s.status = ? AND s.held_reasons <@ ?::varchar[]))
                RETURNING s.id, s.campaign_id, s.email, s.name""")) {
            statement.setString(1, SignatureStatus.PENDING.name());
            statement.setArray(2, array(connection, "bigint", requests, SigningRequest::campaignId));
            statement.setArray(3, array(connection, "varchar", requests, SigningRequest::mailboxHash));
            statement.setString(4, SignatureStatus.PENDING.name());
            statement.setDouble(5, interval.toMillis() / 1000.0);
            statement.setString(6, SignatureStatus.HELD.name());
            statement.setArray(7, connection.createArrayOf("varchar", HoldReason.names(liftable)));
            List<ResendDue> due = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    due.add(new ResendDue(result.getLong(1), result.getLong(2), result.getString(3), result.getString(4)));
                }
            }
            return due;
        }
    }

    /** Adds a batch's new signatures (not held) to their campaigns' count of this minute, in one of a few rows. */
    public void addToSigningRate(Connection connection, Map<Long, Integer> newSignatures, int shard) throws SQLException {
        if (newSignatures.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO signing_rate AS r (campaign_id, minute, shard, signatures)
                SELECT c, date_trunc('minute', now()), ?, n FROM unnest(?::bigint[], ?::int4[]) AS u(c, n) ORDER BY c
                ON CONFLICT (campaign_id, minute, shard) DO UPDATE SET signatures = r.signatures + excluded.signatures""")) {
            statement.setInt(1, shard);
            statement.setArray(2, connection.createArrayOf("bigint", newSignatures.keySet().toArray()));
            statement.setArray(3, connection.createArrayOf("int4", newSignatures.values().toArray()));
            statement.executeUpdate();
        }
    }

    /** The per-minute counts of new signatures older than {@code before}: no budget looks that far back. */
    public int forgetSigningRatesBefore(Instant before) {
        return getEntityManager().createNativeQuery("DELETE FROM signing_rate WHERE minute < :before")
                .setParameter("before", before).executeUpdate();
    }

    /** Confirmation tokens (their hashes) of signatures, on the connection of a batch's transaction. */
    public void insertTokens(Connection connection, List<String> tokenHashes, List<Long> signatureIds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_TOKENS.replaceAll(":[a-zA-Z]+", "?"))) {
            statement.setArray(1, connection.createArrayOf("varchar", tokenHashes.toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", signatureIds.toArray()));
            statement.executeUpdate();
        }
    }

    private static final String INSERT_TOKENS = """
            INSERT INTO confirmation_token (token_hash, signature_id)
            SELECT * FROM unnest(CAST(:hashes AS varchar[]), CAST(:signatures AS bigint[]))""";

    /** The same inside the current transaction. */
    public void insertTokens(List<String> tokenHashes, List<Long> signatureIds) {
        getEntityManager().createNativeQuery(INSERT_TOKENS)
                .setParameter("hashes", tokenHashes.toArray(String[]::new))
                .setParameter("signatures", signatureIds.toArray(Long[]::new))
                .executeUpdate();
    }

    // ---- Review: the bulk actions on a selection of a campaign's signatures ----

    /** A held signature a reviewer asked to release, with the mailbox whose limits decide. */
    public record Held(long id, String mailboxHash) {
    }

    /**
     * Up to {@code limit} HELD signatures of the selection after {@code afterId}, oldest first; of {@code only} these
     * ids when given, and then locked until the transaction ends. Only those with a canonical mailbox hash (the
     * backfill gives the others theirs): without one, its limits cannot be checked.
     */
    public List<Held> heldForRelease(long campaignId, Selection selection, long afterId, int limit, Collection<Long> only) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String where = where(campaignId, selection, parameters);
        String ids = only == null ? "" : " AND id IN (:only)";
        NativeQuery<Held> query = getSession().createNativeQuery("SELECT id, mailbox_hash FROM signature WHERE " + where
                + " AND status = :held AND id > :after AND mailbox_hash IS NOT NULL AND mailbox_rehash IS NULL" + ids
                + " ORDER BY id LIMIT :limit" + (only == null ? "" : " FOR UPDATE"), Held.class);
        parameters.forEach(query::setParameter);
        if (only != null) {
            query.setParameter("only", only);
        }
        return query.setParameter("held", SignatureStatus.HELD.name())
                .setParameter("after", afterId)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** Signatures of a campaign released in the last 24 hours, by the database's clock (the reviewer's daily cap). */
    public long releasedInLastDay(long campaignId) {
        return getSession().createNativeQuery(
                        "SELECT count(*) FROM signature WHERE campaign_id = :campaign AND released_at > now() - interval '1 day'", Long.class)
                .setParameter("campaign", campaignId).getSingleResult();
    }

    public record Released(long id, String email) {
    }

    /** HELD → PENDING, released now, its confirmation due now. Answers what was released. */
    public List<Released> release(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return getSession().createNativeQuery("""
                        UPDATE signature SET status = :pending, held_reasons = NULL, confirmation_sent_at = now(), released_at = now()
                        WHERE id IN (:ids) AND status = :held RETURNING id, email""", Released.class)
                .setParameter("pending", SignatureStatus.PENDING.name())
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("ids", ids)
                .getResultList();
    }

    /** Held signatures stay held, for these reasons now (the limits that still hold them), by id. */
    public void holdFor(Map<Long, List<HoldReason>> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        getEntityManager().createNativeQuery("""
                        UPDATE signature s SET held_reasons = string_to_array(u.r, ',')::varchar[]
                        FROM unnest(CAST(:ids AS bigint[]), CAST(:reasons AS varchar[])) AS u(i, r)
                        WHERE s.id = u.i AND s.status = :held""")
                .setParameter("ids", reasons.keySet().toArray(Long[]::new))
                .setParameter("reasons", reasons.values().stream().map(r -> String.join(",", HoldReason.names(r))).toArray(String[]::new))
                .setParameter("held", SignatureStatus.HELD.name())
                .executeUpdate();
    }

    /**
     * Invalidates the selection in one statement, however many it holds: the confirmed ones leave the count and
     * the counts by place (negative deltas, one per place). Answers the ids invalidated (their unsent mails are the
     * outbox's to cancel). {@code usStates}: the codes a U.S. region must be to count for a state, as the tally
     * records them.
     */
    public List<Long> invalidate(long campaignId, Selection selection, Collection<String> usStates) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String where = where(campaignId, selection, parameters);
        NativeQuery<Long> query = getSession().createNativeQuery("WITH target AS (SELECT id, status FROM signature WHERE " + where
                + " AND status <> :invalidated FOR UPDATE), "
                + "changed AS (UPDATE signature s SET status = :invalidated, held_reasons = NULL FROM target WHERE s.id = target.id "
                + "  RETURNING s.id, target.status AS was, s.country, upper(btrim(s.region)) AS region, s.district), "
                + "placed AS (SELECT country, CASE WHEN country = 'US' AND region IN (:states) THEN region END AS state, district "
                + "  FROM changed WHERE was = :confirmed), "
                + "deltas AS (INSERT INTO signature_tally_delta (campaign_id, delta, country, us_state, us_district) "
                + "  SELECT :campaign, -count(*), country, state, CASE WHEN state IS NOT NULL THEN district END "
                + "  FROM placed GROUP BY country, state, CASE WHEN state IS NOT NULL THEN district END) "
                + "SELECT id FROM changed", Long.class);
        parameters.forEach(query::setParameter);
        List<Long> ids = query.setParameter("invalidated", SignatureStatus.INVALIDATED.name())
                .setParameter("confirmed", SignatureStatus.CONFIRMED.name())
                .setParameter("states", usStates)
                .getResultList();
        return ids;
    }

    private static String where(long campaignId, Selection selection, Map<String, Object> parameters) {
        List<String> conditions = new ArrayList<>();
        conditions.add("campaign_id = :campaign");
        parameters.put("campaign", campaignId);
        if (selection.addressHash() != null) {
            conditions.add("client_hash = :address");
            parameters.put("address", selection.addressHash());
        }
        if (selection.domain() != null) {
            conditions.add("split_part(email, '@', 2) = :domain");
            parameters.put("domain", selection.domain());
        }
        if (selection.from() != null) {
            conditions.add("created_at >= :from");
            parameters.put("from", selection.from());
        }
        if (selection.to() != null) {
            conditions.add("created_at < :to");
            parameters.put("to", selection.to());
        }
        return String.join(" AND ", conditions);
    }

    // ---- Privacy and retention ----

    /** No more updates for this signature; answers whether it was still subscribed. */
    public boolean unsubscribe(long signatureId) {
        return getEntityManager().createNativeQuery("""
                        UPDATE signature SET consent_to_updates = false, unsubscribed_at = coalesce(unsubscribed_at, now())
                        WHERE id = :id AND unsubscribed_at IS NULL""")
                .setParameter("id", signatureId)
                .executeUpdate() == 1;
    }

    /** No more updates for any of these signatures (a mailbox suppressed): answers how many were still subscribed. */
    public int unsubscribeAll(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return 0;
        }
        return getEntityManager().createNativeQuery("""
                        UPDATE signature SET consent_to_updates = false, unsubscribed_at = coalesce(unsubscribed_at, now())
                        WHERE id = ANY (CAST(:ids AS bigint[])) AND (consent_to_updates OR unsubscribed_at IS NULL)""")
                .setParameter("ids", signatureIds.toArray(Long[]::new))
                .executeUpdate();
    }

    /** A deleted signature, as it was when deleted (its status decides whether it left the count). */
    public record Deleted(long id, long campaignId, SignatureStatus status, String country, String region, Integer district) {
    }

    private record DeletedRow(long id, long campaignId, String status, String country, String region, Integer district) {
    }

    /**
     * Deletes a signature (its confirmation tokens go with it: ON DELETE CASCADE) and answers it as it was, or
     * nothing when it was gone already: a second removal at the same moment changes nothing.
     */
    public Optional<Deleted> delete(long signatureId) {
        return getSession().createNativeQuery(
                        "DELETE FROM signature WHERE id = :id RETURNING id, campaign_id, status, country, region, district",
                        DeletedRow.class)
                .setParameter("id", signatureId).getResultStream().findFirst()
                .map(r -> new Deleted(r.id(), r.campaignId(), SignatureStatus.valueOf(r.status()), r.country(), r.region(),
                        r.district()));
    }

    /**
     * Deletes up to {@code limit} signatures that never counted (pending, held, or invalidated before they were
     * confirmed) and were last signed, or last sent a link, before {@code before}. The status is checked again as
     * each row is deleted: one confirmed meanwhile stays. Answers the ids deleted.
     */
    public List<Long> deleteNeverCountedBefore(Instant before, int limit) {
        return getSession().createNativeQuery("""
                        DELETE FROM signature WHERE id IN (
                            SELECT id FROM signature
                            WHERE (status IN (:pending, :held) OR (status = :invalidated AND confirmed_at IS NULL))
                              AND greatest(created_at, confirmation_sent_at) < :before
                            ORDER BY id LIMIT :limit)
                        AND (status IN (:pending, :held) OR (status = :invalidated AND confirmed_at IS NULL))
                        RETURNING id""", Long.class)
                .setParameter("pending", SignatureStatus.PENDING.name())
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("invalidated", SignatureStatus.INVALIDATED.name())
                .setParameter("before", before)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** Name, e-mail, postal code and hashes (address, /48, mailbox) wiped, tokens deleted; country, state, district, status and dates kept. */
    public int anonymise(Collection<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        getEntityManager().createNativeQuery("DELETE FROM confirmation_token WHERE signature_id IN (:ids)")
                .setParameter("ids", ids).executeUpdate();
        return getEntityManager().createNativeQuery("""
                        UPDATE signature SET name = NULL, email = NULL, postal_code = NULL, client_hash = NULL, network_hash = NULL,
                               mailbox_hash = NULL, consent_to_updates = false, anonymised_at = :now
                        WHERE id IN (:ids)""")
                .setParameter("now", now)
                .setParameter("ids", ids)
                .executeUpdate();
    }

    private static <T> Array array(Connection connection, String type, Collection<T> rows, Function<T, ?> column) throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(column).toArray());
    }
}

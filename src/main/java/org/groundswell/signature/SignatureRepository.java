package org.groundswell.signature;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.ResultPage;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

@ApplicationScoped
public class SignatureRepository implements PanacheRepository<Signature> {

    static final String[] EXPORT_COLUMNS = {"name", "email", "country", "region", "postal_code", "district",
            "consent_to_updates", "status", "created_at", "confirmed_at"};

    @Inject
    AgroalDataSource dataSource;

    /** Hands every confirmed signature of a campaign, oldest first, to {@code row} as text, from a database cursor. */
    public void forEachForExport(long campaignId, Consumer<String[]> row) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // a PostgreSQL cursor (fetch size) needs a transaction
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + String.join(", ", EXPORT_COLUMNS) + " FROM signature WHERE campaign_id = ? AND status = ? ORDER BY id")) {
                statement.setLong(1, campaignId);
                statement.setString(2, SignatureStatus.CONFIRMED.name());
                statement.setFetchSize(1000);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String[] values = new String[EXPORT_COLUMNS.length];
                        for (int i = 0; i < values.length; i++) {
                            Object value = rows.getObject(i + 1);
                            values[i] = value == null ? "" : value instanceof Timestamp ts ? ts.toInstant().toString() : value.toString();
                        }
                        row.accept(values);
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("Export failed", e));
        }
    }

    /** The signature a confirmation token belongs to, and whether the token is older than {@code lifetime}. */
    public record TokenHolder(Signature signature, boolean expired) {
    }

    public Optional<TokenHolder> findByTokenHash(String tokenHash, Duration lifetime) {
        List<?> rows = getEntityManager().createNativeQuery("""
                        SELECT signature_id, created_at < now() - make_interval(secs => :lifetime)
                        FROM confirmation_token WHERE token_hash = :hash""")
                .setParameter("lifetime", (double) lifetime.toSeconds())
                .setParameter("hash", tokenHash)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return findByIdOptional(((Number) row[0]).longValue()).map(s -> new TokenHolder(s, (Boolean) row[1]));
    }

    /** Signatures from before mailbox hashes existed (the V4 migration): up to {@code limit} ids and e-mails. */
    @SuppressWarnings("unchecked")
    public List<Object[]> withoutMailboxHash(int limit) {
        return getEntityManager().createNativeQuery(
                        "SELECT id, email FROM signature WHERE mailbox_hash IS NULL AND email IS NOT NULL ORDER BY id LIMIT :limit")
                .setParameter("limit", limit).getResultList();
    }

    public void setMailboxHash(long signatureId, String mailboxHash) {
        getEntityManager().createNativeQuery("UPDATE signature SET mailbox_hash = :hash WHERE id = :id")
                .setParameter("hash", mailboxHash).setParameter("id", signatureId).executeUpdate();
    }

    /** Puts a mailbox on the suppression list: no mail to it from any campaign. */
    public void suppress(String mailboxHash) {
        getEntityManager().createNativeQuery("INSERT INTO suppression (mailbox_hash) VALUES (:hash) ON CONFLICT DO NOTHING")
                .setParameter("hash", mailboxHash)
                .executeUpdate();
    }

    public boolean isSuppressed(String mailboxHash) {
        return mailboxHash != null && ((Number) getEntityManager()
                .createNativeQuery("SELECT count(*) FROM suppression WHERE mailbox_hash = :hash")
                .setParameter("hash", mailboxHash).getSingleResult()).longValue() > 0;
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
    @SuppressWarnings("unchecked")
    public List<Folded> foldTallyDeltas() {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
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
                SELECT id, before, after, goal FROM totals""").getResultList();
        return rows.stream().map(r -> new Folded(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), ((Number) r[3]).intValue())).toList();
    }


}

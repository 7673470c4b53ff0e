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

    /** Hands every signature of a campaign, oldest first, to {@code row} as text, straight from a database cursor. */
    public void forEachForExport(long campaignId, Consumer<String[]> row) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // a PostgreSQL cursor (fetch size) needs a transaction
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + String.join(", ", EXPORT_COLUMNS) + " FROM signature WHERE campaign_id = ? ORDER BY id")) {
                statement.setLong(1, campaignId);
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

    /** Stores a PENDING signature unless the campaign has one for the address; answers the new row's id. */
    public Optional<Long> insertIfAbsent(NewSignature s) {
        List<?> inserted = getEntityManager().createNativeQuery("""
                        INSERT INTO signature (campaign_id, name, email, country, region, postal_code, district,
                                               consent_to_updates, status)
                        VALUES (:campaign, :name, :email, :country, :region, :postalCode, :district, :consent, :status)
                        ON CONFLICT (campaign_id, email) DO NOTHING
                        RETURNING id""")
                .setParameter("campaign", s.campaignId())
                .setParameter("name", s.name())
                .setParameter("email", s.email())
                .setParameter("country", s.country())
                .setParameter("region", s.region())
                .setParameter("postalCode", s.postalCode())
                .setParameter("district", s.district())
                .setParameter("consent", s.consentToUpdates())
                .setParameter("status", SignatureStatus.PENDING.name())
                .getResultList();
        return firstId(inserted);
    }

    /**
     * Marks the confirmation of a still PENDING signature as sent again, if the last one went out at least
     * {@code interval} ago; answers the signature's id when it did (one winner among concurrent requests).
     */
    public Optional<Long> markResendDue(long campaignId, String email, Duration interval) {
        List<?> due = getEntityManager().createNativeQuery("""
                        UPDATE signature SET confirmation_sent_at = now()
                        WHERE campaign_id = :campaign AND email = :email AND status = :pending
                          AND confirmation_sent_at <= now() - make_interval(secs => :seconds)
                        RETURNING id""")
                .setParameter("campaign", campaignId)
                .setParameter("email", email)
                .setParameter("pending", SignatureStatus.PENDING.name())
                .setParameter("seconds", (double) interval.toSeconds())
                .getResultList();
        return firstId(due);
    }

    public void insertToken(String tokenHash, long signatureId) {
        getEntityManager().createNativeQuery("INSERT INTO confirmation_token (token_hash, signature_id) VALUES (:hash, :signature)")
                .setParameter("hash", tokenHash)
                .setParameter("signature", signatureId)
                .executeUpdate();
    }

    public Optional<Signature> findByTokenHash(String tokenHash) {
        return find("id = (select t.signatureId from ConfirmationToken t where t.tokenHash = ?1)", tokenHash).firstResultOptional();
    }

    /** PENDING → CONFIRMED; answers false when it was not PENDING (already confirmed by another request). */
    public boolean confirm(long signatureId, Instant at) {
        return update("status = ?1, confirmedAt = ?2 where id = ?3 and status = ?4",
                SignatureStatus.CONFIRMED, at, signatureId, SignatureStatus.PENDING) == 1;
    }

    public ResultPage<Signature> listByCampaign(long campaignId, int page, int size) {
        PanacheQuery<Signature> query = find("campaignId", Sort.ascending("id"), campaignId);
        return new ResultPage<>(query.page(page, size).list(), page, size, query.count());
    }

    /** One insert-only row per change of a campaign's count; {@link SignatureTally} folds them. */
    public void recordTallyDelta(long campaignId, int delta) {
        getEntityManager().createNativeQuery("INSERT INTO signature_tally_delta (campaign_id, delta) VALUES (:campaign, :delta)")
                .setParameter("campaign", campaignId)
                .setParameter("delta", delta)
                .executeUpdate();
    }

    /** Adds the deltas to the campaigns' counts and deletes them: each delta is counted once, whichever replica folds. */
    public int foldTallyDeltas() {
        return getEntityManager().createNativeQuery("""
                WITH folded AS (DELETE FROM signature_tally_delta RETURNING campaign_id, delta),
                     sums AS (SELECT campaign_id, sum(delta) AS total FROM folded GROUP BY campaign_id)
                UPDATE campaign c SET signature_count = c.signature_count + sums.total
                FROM sums WHERE c.id = sums.campaign_id""").executeUpdate();
    }

    private static Optional<Long> firstId(List<?> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(((Number) rows.get(0)).longValue());
    }
}

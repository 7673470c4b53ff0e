package org.groundswell.congress;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** The one row of legislator_refresh: what the members were last imported from, and when to ask again. */
@ApplicationScoped
public class LegislatorRefreshRepository {

    /** The source named after an admin's import or the command's. */
    static final String UPLOAD = "upload";

    private final EntityManager em;

    public LegislatorRefreshRepository(EntityManager em) {
        this.em = em;
    }

    /** The row as read. {@code source}, the validators and {@code confirmedAt} are null before the first import. */
    record State(String source, LegislatorSource.Validators validators, Instant confirmedAt, String lastError) {

        /** The validators to send to {@code configured}: only those of an answer from that same source. */
        LegislatorSource.Validators validatorsFor(String configured) {
            return configured.equals(source) ? validators : LegislatorSource.Validators.NONE;
        }
    }

    State read() {
        return state(em.createNativeQuery(
                "SELECT source, etag, last_modified, confirmed_at, last_error FROM legislator_refresh WHERE id = 1")
                .getResultList());
    }

    /**
     * Moves the next check {@code lease} ahead and answers the row, if the check was due ({@code force}: anyway).
     * Of replicas asking at once, one gets it; a replica that dies while it works leaves it due again after the lease.
     */
    Optional<State> claim(boolean force, Duration lease) {
        List<?> rows = em.createNativeQuery("""
                        UPDATE legislator_refresh SET next_check_at = now() + make_interval(secs => ?1)
                        WHERE id = 1 AND (?2 OR next_check_at <= now())
                        RETURNING source, etag, last_modified, confirmed_at, last_error""")
                .setParameter(1, (double) lease.toSeconds()).setParameter(2, force).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(state(rows));
    }

    /** The source answered that nothing changed: the data is current as of now. */
    void confirmed(Duration nextCheckIn) {
        em.createNativeQuery("""
                        UPDATE legislator_refresh SET confirmed_at = now(), last_error = NULL,
                                                      next_check_at = now() + make_interval(secs => ?1)
                        WHERE id = 1""")
                .setParameter(1, (double) nextCheckIn.toSeconds()).executeUpdate();
    }

    /** The source could not be read, or its file was refused: the members stay as they are. */
    void failed(String error, Duration retryIn) {
        em.createNativeQuery("""
                        UPDATE legislator_refresh SET last_error = ?1, next_check_at = now() + make_interval(secs => ?2)
                        WHERE id = 1""")
                .setParameter(1, error.length() > 1000 ? error.substring(0, 1000) : error)
                .setParameter(2, (double) retryIn.toSeconds()).executeUpdate();
    }

    /**
     * In the import's transaction: the members now are those of {@code source} (with the validators of its answer);
     * {@code nextCheckIn} null leaves the next check as it was (an operator's import).
     */
    void imported(Connection connection, String source, LegislatorSource.Validators validators, Duration nextCheckIn)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE legislator_refresh SET source = ?, etag = ?, last_modified = ?, confirmed_at = now(),
                                              last_error = NULL,
                                              next_check_at = coalesce(now() + make_interval(secs => ?), next_check_at)
                WHERE id = 1""")) {
            update.setString(1, source);
            update.setString(2, validators.etag());
            update.setString(3, validators.lastModified());
            if (nextCheckIn == null) {
                update.setNull(4, java.sql.Types.DOUBLE);
            } else {
                update.setDouble(4, nextCheckIn.toSeconds());
            }
            update.executeUpdate();
        }
    }

    private static State state(List<?> rows) {
        Object[] row = (Object[]) rows.get(0);
        return new State((String) row[0], new LegislatorSource.Validators((String) row[1], (String) row[2]),
                instant(row[3]), (String) row[4]);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}

package org.groundswell.congress;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.common.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Imports a legislators-current.yaml file: inserts new members, rewrites only the members whose data changed,
 * and retires (active = false) the members the file no longer lists. Importing the same file again changes no row.
 */
@ApplicationScoped
public class LegislatorImporter {

    private final AgroalDataSource dataSource;
    private final LegislatorRepository legislators;
    private final LegislatorRefreshRepository refreshes;
    private final CongressDirectory congress;

    public LegislatorImporter(AgroalDataSource dataSource, LegislatorRepository legislators,
                              LegislatorRefreshRepository refreshes, CongressDirectory congress) {
        this.dataSource = dataSource;
        this.legislators = legislators;
        this.refreshes = refreshes;
        this.congress = congress;
    }

    public record Result(int inserted, int updated, int retired, int unchanged) {
    }

    /** Where a file came from, for legislator_refresh: the source and its answer's validators, when to ask again. */
    record Origin(String source, LegislatorSource.Validators validators, Duration nextCheckIn) {
    }

    /** An operator's import (the admin endpoint, the command): applied as it is. */
    @Transactional
    public Result importFile(InputStream yaml) {
        List<LegislatorFile.Member> members = LegislatorFile.parse(yaml);
        // The transaction's own connection: the lock and the writes end with it.
        try (Connection connection = dataSource.getConnection()) {
            legislators.lockForImport(connection);
            Result result = write(connection, members);
            refreshes.imported(connection, LegislatorRefreshRepository.UPLOAD, LegislatorSource.Validators.NONE, null);
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("The legislator import failed", e);
        }
    }

    /**
     * The refresh's import of the source's file: refused ({@link InvalidInputException}) when the file is unusable or
     * would retire more than half of the active members ({@link RefreshRules#plausible}).
     */
    @Transactional
    Result importRefreshed(byte[] yaml, Origin origin) {
        List<LegislatorFile.Member> members = LegislatorFile.parse(new ByteArrayInputStream(yaml));
        try (Connection connection = dataSource.getConnection()) {
            legislators.lockForImport(connection);
            int active = legislators.activeCount(connection);
            int retiring = legislators.countRetiring(connection, members);
            if (!RefreshRules.plausible(active, retiring)) {
                throw new InvalidInputException("The file would retire " + retiring + " of the " + active
                        + " members of Congress stored; an automatic refresh does not apply that (an admin's import does).");
            }
            Result result = write(connection, members);
            refreshes.imported(connection, origin.source(), origin.validators(), origin.nextCheckIn());
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("The legislator import failed", e);
        }
    }

    /** Imports the file only while no member is stored at all (a new database); answers whether it did. */
    @Transactional
    boolean importIfEmpty(byte[] yaml, Origin origin) {
        List<LegislatorFile.Member> members = LegislatorFile.parse(new ByteArrayInputStream(yaml));
        try (Connection connection = dataSource.getConnection()) {
            legislators.lockForImport(connection);
            if (!legislators.knownIds(connection).isEmpty()) {
                return false;
            }
            write(connection, members);
            refreshes.imported(connection, origin.source(), origin.validators(), origin.nextCheckIn());
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("The legislator import failed", e);
        }
    }

    private Result write(Connection connection, List<LegislatorFile.Member> members) throws SQLException {
        Set<String> known = legislators.knownIds(connection);
        Set<String> written = legislators.upsert(connection, members);
        int retired = legislators.retireAllBut(connection, members);
        int inserted = (int) written.stream().filter(id -> !known.contains(id)).count();
        Result result = new Result(inserted, written.size() - inserted, retired, members.size() - written.size());
        congress.forgetAll();
        Log.infof("Legislators imported: %s", result);
        return result;
    }
}

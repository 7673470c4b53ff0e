package org.groundswell.congress;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Imports a legislators-current.yaml file: inserts new members, rewrites only the members whose data changed,
 * and retires (active = false) the members the file no longer lists. Importing the same file again changes no row.
 */
@ApplicationScoped
public class LegislatorImporter {

    private final AgroalDataSource dataSource;
    private final LegislatorRepository legislators;
    private final CongressDirectory congress;

    public LegislatorImporter(AgroalDataSource dataSource, LegislatorRepository legislators, CongressDirectory congress) {
        this.dataSource = dataSource;
        this.legislators = legislators;
        this.congress = congress;
    }

    public record Result(int inserted, int updated, int retired, int unchanged) {
    }

    @Transactional
    public Result importFile(InputStream yaml) {
        List<LegislatorFile.Member> members = LegislatorFile.parse(yaml);
        // The transaction's own connection: the lock and the writes end with it.
        try (Connection connection = dataSource.getConnection()) {
            legislators.lockForImport(connection);
            return write(connection, members);
        } catch (SQLException e) {
            throw new IllegalStateException("The legislator import failed", e);
        }
    }

    /** Imports the file only while no member is stored at all (a new database); answers whether it did. */
    @Transactional
    public boolean importIfEmpty(Supplier<InputStream> yaml) {
        try (Connection connection = dataSource.getConnection()) {
            legislators.lockForImport(connection);
            if (!legislators.knownIds(connection).isEmpty()) {
                return false;
            }
            try (InputStream in = yaml.get()) {
                write(connection, LegislatorFile.parse(in));
            }
            return true;
        } catch (SQLException | java.io.IOException e) {
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

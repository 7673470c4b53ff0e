package org.groundswell.target;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.InputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Imports a legislators-current.yaml file: inserts new members, rewrites only the members whose data changed,
 * and retires (active = false) the members the file no longer lists. Importing the same file again changes no row.
 */
@ApplicationScoped
public class LegislatorImporter {

    /** Serialises concurrent imports (an operator's command and the admin endpoint, or two replicas). */
    private static final long IMPORT_LOCK = 0x6c656769736cL;

    private final AgroalDataSource dataSource;

    public LegislatorImporter(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Result(int inserted, int updated, int retired, int unchanged) {
    }

    @Transactional
    public Result importFile(InputStream yaml) {
        List<LegislatorFile.Member> members = LegislatorFile.parse(yaml);
        try (Connection connection = dataSource.getConnection()) {
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + IMPORT_LOCK + ")");
            }
            Set<String> known = new HashSet<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT bioguide FROM legislator")) {
                while (rows.next()) {
                    known.add(rows.getString(1));
                }
            }
            Set<String> written = upsert(connection, members);
            int retired;
            try (PreparedStatement retire = connection.prepareStatement("""
                    UPDATE legislator SET active = false, updated_at = now()
                    WHERE active AND NOT (bioguide = ANY (?))""")) {
                retire.setArray(1, array(connection, "varchar", members, LegislatorFile.Member::bioguide));
                retired = retire.executeUpdate();
            }
            int inserted = (int) written.stream().filter(id -> !known.contains(id)).count();
            Result result = new Result(inserted, written.size() - inserted, retired, members.size() - written.size());
            Log.infof("Legislators imported: %s", result);
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("The legislator import failed", e);
        }
    }

    /** One statement for the whole file; answers the members inserted or changed (unchanged rows are not touched). */
    private static Set<String> upsert(Connection connection, List<LegislatorFile.Member> members) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO legislator AS l (bioguide, chamber, state, district, party, full_name, last_name, phone,
                                             office_address, contact_form, url)
                SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::int4[], ?::varchar[], ?::varchar[],
                                     ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                ON CONFLICT (bioguide) DO UPDATE SET
                    chamber = excluded.chamber, state = excluded.state, district = excluded.district,
                    party = excluded.party, full_name = excluded.full_name, last_name = excluded.last_name,
                    phone = excluded.phone, office_address = excluded.office_address,
                    contact_form = excluded.contact_form, url = excluded.url, active = true, updated_at = now()
                WHERE (l.chamber, l.state, l.district, l.party, l.full_name, l.last_name, l.phone, l.office_address,
                       l.contact_form, l.url, l.active)
                      IS DISTINCT FROM
                      (excluded.chamber, excluded.state, excluded.district, excluded.party, excluded.full_name,
                       excluded.last_name, excluded.phone, excluded.office_address, excluded.contact_form,
                       excluded.url, true)
                RETURNING bioguide""")) {
            upsert.setArray(1, array(connection, "varchar", members, LegislatorFile.Member::bioguide));
            upsert.setArray(2, array(connection, "varchar", members, LegislatorFile.Member::chamber));
            upsert.setArray(3, array(connection, "varchar", members, LegislatorFile.Member::state));
            upsert.setArray(4, array(connection, "int4", members, LegislatorFile.Member::district));
            upsert.setArray(5, array(connection, "varchar", members, LegislatorFile.Member::party));
            upsert.setArray(6, array(connection, "varchar", members, LegislatorFile.Member::fullName));
            upsert.setArray(7, array(connection, "varchar", members, LegislatorFile.Member::lastName));
            upsert.setArray(8, array(connection, "varchar", members, LegislatorFile.Member::phone));
            upsert.setArray(9, array(connection, "varchar", members, LegislatorFile.Member::officeAddress));
            upsert.setArray(10, array(connection, "varchar", members, LegislatorFile.Member::contactForm));
            upsert.setArray(11, array(connection, "varchar", members, LegislatorFile.Member::url));
            Set<String> written = new HashSet<>();
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    written.add(rows.getString(1));
                }
            }
            return written;
        }
    }

    private static Array array(Connection connection, String type, List<LegislatorFile.Member> members,
                               Function<LegislatorFile.Member, ?> column) throws SQLException {
        Object[] values = "int4".equals(type)
                ? members.stream().map(column).toArray(Integer[]::new)
                : members.stream().map(column).toArray(String[]::new);
        return connection.createArrayOf(type, values);
    }
}

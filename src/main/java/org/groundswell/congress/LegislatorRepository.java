package org.groundswell.congress;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The members of Congress: who holds a seat for a place, and the import's writes. */
@ApplicationScoped
public class LegislatorRepository implements PanacheRepositoryBase<Legislator, String> {

    /** Serialises imports (an operator's command, the admin endpoint, the refresh, replicas importing at start). */
    private static final long IMPORT_LOCK = 0x6c656769736cL;

    /** The active members for a state: senators first, then House members by district; by name within each. */
    public List<Legislator> activeInState(String state) {
        return list("active = true and state = ?1",
                Sort.descending("chamber").and("district").and("lastName").and("bioguide"), state);
    }

    // ---- The import: plain JDBC on the transaction's connection, one statement for the whole file ----------

    /** Holds the import lock until the transaction of {@code connection} ends. */
    void lockForImport(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, IMPORT_LOCK);
            lock.execute();
        }
    }

    Set<String> knownIds(Connection connection) throws SQLException {
        Set<String> known = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT bioguide FROM legislator");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                known.add(rows.getString(1));
            }
        }
        return known;
    }

    int activeCount(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM legislator WHERE active");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** How many active members the file no longer lists (those an import would retire). */
    int countRetiring(Connection connection, List<LegislatorFile.Member> members) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM legislator WHERE active AND NOT (bioguide = ANY (?))")) {
            count.setArray(1, array(connection, "varchar", members, LegislatorFile.Member::bioguide));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Inserts new members and rewrites changed ones; answers the ids written (unchanged rows are not touched). */
    Set<String> upsert(Connection connection, List<LegislatorFile.Member> members) throws SQLException {
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

    /** Retires the active members the file no longer lists; answers how many. */
    int retireAllBut(Connection connection, List<LegislatorFile.Member> members) throws SQLException {
        try (PreparedStatement retire = connection.prepareStatement("""
                UPDATE legislator SET active = false, updated_at = now()
                WHERE active AND NOT (bioguide = ANY (?))""")) {
            retire.setArray(1, array(connection, "varchar", members, LegislatorFile.Member::bioguide));
            return retire.executeUpdate();
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

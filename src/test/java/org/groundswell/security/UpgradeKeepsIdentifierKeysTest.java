package org.groundswell.security;

import org.flywaydb.core.Flyway;
import org.groundswell.common.Tokens;
import org.groundswell.support.GroundswellTestResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A database from before V9, with its plain keys and a suppressed mailbox, migrated: the mailbox and client-address
 * keys are kept (the suppression list still matches), the others are gone, and no key is left in the clear once the
 * service has wrapped them.
 */
class UpgradeKeepsIdentifierKeysTest {

    private static final String DATABASE = GroundswellTestResources.TEST_DATABASE + "_upgrade";
    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String USER = System.getenv().getOrDefault("PGUSER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("PGPASSWORD", "");
    private static final String URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE;

    @BeforeAll
    static void createDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        admin("CREATE DATABASE " + DATABASE);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Test
    void theIdentifierKeysOfTheDatabaseOutliveTheUpgradeAndNothingStaysInTheClear() throws Exception {
        flyway("5").migrate();
        String mailboxKey = Tokens.newToken();
        String clientKey = Tokens.newToken();
        String suppressed = hmac(Base64.getUrlDecoder().decode(mailboxKey), "ada@example.org");
        try (Connection db = DriverManager.getConnection(URL, USER, PASSWORD); Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO service_secret (name, value) VALUES ('mailbox', '" + mailboxKey + "'), "
                    + "('client-address', '" + clientKey + "'), ('links', '" + Tokens.newToken() + "'), ('form-stamp', '"
                    + Tokens.newToken() + "')");
            statement.execute("INSERT INTO suppression (mailbox_hash) VALUES ('" + suppressed + "')");
        }

        flyway(null).migrate();

        MasterKeys.Ring ring = MasterKeys.ring(Optional.of(Base64.getEncoder().encodeToString(new byte[40])), Optional.empty());
        try (Connection db = DriverManager.getConnection(URL, USER, PASSWORD)) {
            assertFalse(exists(db, "SELECT 1 FROM pg_tables WHERE tablename = 'service_secret'"), "the plain keys are gone");
            assertEquals(List.of("client-address", "mailbox"), strings(db, "SELECT name FROM wrapped_key ORDER BY name"),
                    "only the identifier keys are kept; the links and form-stamp keys go");

            IdentifierKeys.Decision.Use mailbox = assertInstanceOf(IdentifierKeys.Decision.Use.class,
                    IdentifierKeys.decide("mailbox", copies(db, "mailbox"), ring));
            assertEquals(suppressed, hmac(mailbox.key(), "ada@example.org"), "the suppressed mailbox's hash still matches");
            IdentifierKeys.Decision.Use client = assertInstanceOf(IdentifierKeys.Decision.Use.class,
                    IdentifierKeys.decide("client-address", copies(db, "client-address"), ring));
            assertArrayEquals(Base64.getUrlDecoder().decode(clientKey), client.key());

            // What the service does with that decision at its start: wrap for its master, drop the plain copy.
            SecretRepositoryLike repository = new SecretRepositoryLike(db);
            for (var entry : List.of(java.util.Map.entry("mailbox", mailbox), java.util.Map.entry("client-address", client))) {
                repository.insert(entry.getKey(), ring.current().id(), KeyWrap.wrap(ring.current(), entry.getKey(), entry.getValue().key()));
                entry.getValue().dropKeyIds().forEach(id -> repository.delete(entry.getKey(), id));
            }
            assertEquals(List.of(ring.current().id(), ring.current().id()), strings(db, "SELECT key_id FROM wrapped_key ORDER BY name"));
            for (String value : strings(db, "SELECT value FROM wrapped_key")) {
                assertFalse(value.equals(mailboxKey) || value.equals(clientKey), "no key in the clear");
            }
            IdentifierKeys.Decision.Use again = assertInstanceOf(IdentifierKeys.Decision.Use.class,
                    IdentifierKeys.decide("mailbox", copies(db, "mailbox"), ring));
            assertEquals(suppressed, hmac(again.key(), "ada@example.org"));
        }
    }

    private static Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(URL, USER, PASSWORD)
                .locations("filesystem:src/main/resources/db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    /** The two statements of SecretRepository this test needs, on a plain connection. */
    private record SecretRepositoryLike(Connection db) {
        void insert(String name, String keyId, String value) throws SQLException {
            try (PreparedStatement statement = db.prepareStatement(
                    "INSERT INTO wrapped_key (name, key_id, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                statement.setString(1, name);
                statement.setString(2, keyId);
                statement.setString(3, value);
                statement.executeUpdate();
            }
        }

        void delete(String name, String keyId) {
            try (PreparedStatement statement = db.prepareStatement("DELETE FROM wrapped_key WHERE name = ? AND key_id = ?")) {
                statement.setString(1, name);
                statement.setString(2, keyId);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<IdentifierKeys.Wrapped> copies(Connection db, String name) throws SQLException {
        List<IdentifierKeys.Wrapped> copies = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement("SELECT key_id, value FROM wrapped_key WHERE name = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    copies.add(new IdentifierKeys.Wrapped(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return copies;
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static boolean exists(Connection db, String sql) throws SQLException {
        return !strings(db, sql).isEmpty();
    }

    private static String hmac(byte[] key, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void admin(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, PASSWORD);
             Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}

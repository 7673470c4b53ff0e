package org.groundswell.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * What the tests need outside the JVM's own app: the test database (created if missing on the
 * PostgreSQL at 127.0.0.1:5432, cleaned by Flyway at start) and a real SMTP server (GreenMail) on a free port.
 */
public class GroundswellTestResources implements QuarkusTestResourceLifecycleManager {

    /** Override with GROUNDSWELL_TEST_DB to run two checkouts' tests side by side. */
    public static final String TEST_DATABASE = System.getenv().getOrDefault("GROUNDSWELL_TEST_DB", "groundswell_test");

    private static volatile GreenMail greenMail;
    private static int smtpPort;

    public static GreenMail mail() {
        return greenMail;
    }

    /** Stops the SMTP server, as an outage would. */
    public static synchronized void stopSmtp() {
        greenMail.stop();
    }

    /** Starts the SMTP server again on the same port. */
    public static synchronized void startSmtp() {
        greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @Override
    public Map<String, String> start() {
        String host = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("PGPORT", "5432");
        String user = System.getenv().getOrDefault("PGUSER", "postgres");
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        createDatabaseIfMissing("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
        smtpPort = freePort();
        startSmtp();
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host + ":" + port + "/" + TEST_DATABASE,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password,
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtpPort));
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private static void createDatabaseIfMissing(String adminUrl, String user, String password) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + TEST_DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + TEST_DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed at " + adminUrl + " for the tests", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

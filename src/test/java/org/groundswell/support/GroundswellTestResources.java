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
    private static String adminUrl;
    private static String adminUser;
    private static String adminPassword;

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
        adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        adminUser = user;
        adminPassword = password;
        createDatabaseIfMissing(adminUrl, user, password);
        smtpPort = freePort();
        startSmtp();
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host + ":" + port + "/" + TEST_DATABASE,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password,
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtpPort));
    }

    /**
     * Restarts PostgreSQL when this machine runs it and lets us (pg_ctlcluster, as in CI); elsewhere ends every
     * connection to the test database, which the service sees the same way. Answers which it did.
     */
    public static String restartDatabase() {
        java.nio.file.Path clusters = java.nio.file.Path.of("/etc/postgresql");
        try {
            if (java.nio.file.Files.isDirectory(clusters)) {
                String version;
                try (var versions = java.nio.file.Files.list(clusters)) {
                    version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElse(null);
                }
                if (version != null) {
                    Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart",
                            "--mode", "fast").redirectErrorStream(true).start();
                    String output = new String(restart.getInputStream().readAllBytes());
                    if (restart.waitFor() == 0) {
                        return "PostgreSQL " + version + " restarted";
                    }
                    System.err.println("pg_ctlcluster restart failed, ending connections instead: " + output);
                }
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("pg_ctlcluster is not usable here (" + e.getMessage() + "), ending connections instead");
        }
        try (Connection connection = DriverManager.getConnection(adminUrl, adminUser, adminPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + TEST_DATABASE + "'");
            return "every connection to " + TEST_DATABASE + " ended";
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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

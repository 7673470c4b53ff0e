package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CSV download whose client stops reading holds no database connection and no open transaction (each page is read
 * in a short statement of its own), an organiser has at most two downloads under way, and the CSV is the same, byte
 * for byte, as one read in a single query. The service's connections carry statement and idle-in-transaction limits.
 */
@QuarkusTest
class ExportHoldsNoConnectionTest {

    /** Far more than the socket buffers between a stalled client and the service hold (about 4 MB here). */
    private static final int ROWS = 80_000;

    /** The export's page statement, and the single cursor statement it replaced, both start with this. */
    private static final String EXPORT_QUERY = "%FROM signature WHERE campaign_id = $1 AND status = $2%";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void stalledDownloadsHoldNoConnectionAndAThirdByTheSameOrganiserIs429() throws Exception {
        String first = Api.newOrganiser("Slow reader one");
        String firstSlug = Api.openCampaign(first);
        String second = Api.newOrganiser("Slow reader two");
        String secondSlug = Api.openCampaign(second);
        seed(firstSlug, ROWS);
        seed(secondSlug, ROWS);

        List<Socket> stalled = new ArrayList<>();
        try {
            stalled.add(stalledDownload(first, firstSlug));
            stalled.add(stalledDownload(first, firstSlug));
            stalled.add(stalledDownload(second, secondSlug));
            stalled.add(stalledDownload(second, secondSlug));

            given().header("Authorization", "Bearer " + first).get("/api/campaigns/{slug}/signatures.csv", firstSlug).then()
                    .statusCode(429).contentType("application/problem+json").header("Retry-After", "30");

            // Once the service has filled what the sockets buffer, no connection stays with a download: none runs the
            // export's statement and none sits in its transaction (a cursor held open would do both, for as long as
            // the client does not read).
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> Db.count(dataSource, """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND query LIKE ?""",
                    EXPORT_QUERY) == 0);
            assertEquals(0, Db.count(dataSource, """
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'
                    AND query LIKE ?""", EXPORT_QUERY));
            assertTrue(stalled.stream().allMatch(s -> !s.isClosed()), "the downloads are still under way, stalled");

            String supporter = Api.uniqueEmail("signs-meanwhile");
            Api.sign(firstSlug, Api.signature("Signs Meanwhile", supporter)).statusCode(202);

            // A download that ends gives its place back: the first organiser may start another, and it is complete.
            stalled.remove(0).close();
            byte[] csv = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var response = given().header("Authorization", "Bearer " + first).get("/api/campaigns/{slug}/signatures.csv", firstSlug);
                return response.statusCode() == 200 ? response.asByteArray() : null;
            }, bytes -> bytes != null);
            assertArrayEquals(expectedCsv(firstSlug), csv, "page by page, the same bytes as one query gives");
            assertEquals(ROWS + 1, new String(csv, StandardCharsets.UTF_8).lines().count());
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void everyConnectionOfThePoolHasTheStatementAndIdleInTransactionLimits() throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                connections.add(dataSource.getConnection());
            }
            for (Connection connection : connections) {
                try (Statement statement = connection.createStatement()) {
                    assertEquals("30s", show(statement, "statement_timeout"));
                    assertEquals("1min", show(statement, "idle_in_transaction_session_timeout"));
                }
            }
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static String show(Statement statement, String setting) throws Exception {
        try (ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Opens a download, reads its status line and headers, and then reads nothing more. */
    private static Socket stalledDownload(String token, String slug) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port));
        socket.getOutputStream().write(("GET /api/campaigns/" + slug + "/signatures.csv HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the headers: " + head);
            }
            head.write(b);
        }
        assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"), head.toString(StandardCharsets.US_ASCII));
        return socket;
    }

    /** {@code rows} confirmed signatures of the campaign, written straight into the table. */
    private void seed(String slug, int rows) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO signature (campaign_id, name, email, country, region, postal_code, district, consent_to_updates,
                                            status, created_at, confirmed_at)
                     SELECT c.id, 'Seeded Supporter ' || n, 'seeded-' || n || '@example.org', 'US', 'WA', '98101', 7, n % 2 = 0,
                            'CONFIRMED', now() - make_interval(secs => n), now() - make_interval(secs => n) + interval '1 minute'
                     FROM campaign c, generate_series(1, ?) AS n WHERE c.slug = ?""")) {
            insert.setInt(1, rows);
            insert.setString(2, slug);
            assertEquals(rows, insert.executeUpdate());
        }
    }

    /** The CSV as the export wrote it before it was paged: one query, every confirmed signature by id. */
    private byte[] expectedCsv(String slug) throws Exception {
        StringBuilder csv = new StringBuilder();
        appendRow(csv, SignatureRepository.EXPORT_COLUMNS);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT " + String.join(", ", SignatureRepository.EXPORT_COLUMNS)
                     + " FROM signature WHERE campaign_id = (SELECT id FROM campaign WHERE slug = ?) AND status = 'CONFIRMED' ORDER BY id")) {
            query.setString(1, slug);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String[] values = new String[SignatureRepository.EXPORT_COLUMNS.length];
                    for (int i = 0; i < values.length; i++) {
                        Object value = rows.getObject(i + 1);
                        values[i] = value == null ? "" : value instanceof Timestamp ts ? ts.toInstant().toString() : value.toString();
                    }
                    appendRow(csv, values);
                }
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendRow(StringBuilder csv, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(SignatureExport.cell(cells[i]));
        }
        csv.append("\r\n");
    }
}

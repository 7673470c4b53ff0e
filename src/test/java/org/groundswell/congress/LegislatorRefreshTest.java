package org.groundswell.congress;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.groundswell.support.Db;
import org.groundswell.support.LegislatorData;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The members of Congress from their publisher, here a local HTTP server ({@link LegislatorServer}) as the source:
 * imported into the empty table at start, refreshed when the file changes, left alone when the server answers 304,
 * and kept as they are when the file is refused or the server unreachable. The steps build on each other, in order.
 */
@QuarkusTest
@TestProfile(LegislatorRefreshTest.LocalPublisher.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegislatorRefreshTest {

    /** The service's source is the local server; the app starts on a clean database, so the table starts empty. */
    public static class LocalPublisher implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LegislatorServer.class));
        }
    }

    private static final int MEMBERS = 38;
    private static final String ADAM_SMITH = "S000510";
    private static final String NEWCOMER = "Q000001";
    private static final String WA9_NEWCOMER = """
            - id: {bioguide: Q000001}
              name: {first: Quinn, last: Newcomer, official_full: Quinn Newcomer}
              terms:
                - {type: rep, start: '2027-01-03', end: '2029-01-03', state: WA, district: 9, party: Independent,
                   phone: 202-555-0109, url: 'https://newcomer.example.org'}
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LegislatorRefresh refresh;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    @Order(1)
    void anEmptyTableGetsTheSourcesFileAtStart() {
        await().atMost(Duration.ofSeconds(60)).until(() -> activeMembers() == MEMBERS);
        assertEquals(new LegislatorServer.Request(null, null), LegislatorServer.REQUESTS.get(0), "a plain GET at first");
        assertEquals(LegislatorServer.etag(), Db.value(dataSource, "SELECT etag FROM legislator_refresh"), "the ETag is remembered");
        assertNotEquals(null, Db.value(dataSource, "SELECT last_modified FROM legislator_refresh"));
        assertEquals(List.of("Maria Cantwell", "Patty Murray", "Adam Smith"), wa9());
        assertTrue(refresh.freshness().ageSeconds() < 600, "just imported: " + refresh.freshness());
    }

    @Test
    @Order(2)
    void aChangedFileIsImportedWithAConditionalGet() {
        String previousEtag = LegislatorServer.etag();
        LegislatorServer.publish(withoutAdamSmithAndWithANewcomer());
        int asked = LegislatorServer.REQUESTS.size();

        LegislatorRefresh.Outcome outcome = refresh.refreshNow();

        assertEquals(new LegislatorRefresh.Outcome.Imported(new LegislatorImporter.Result(1, 0, 1, MEMBERS - 1)), outcome);
        assertEquals(previousEtag, LegislatorServer.REQUESTS.get(asked).ifNoneMatch(), "asked with the remembered ETag");
        assertNotEquals(null, LegislatorServer.REQUESTS.get(asked).ifModifiedSince(), "and Last-Modified");
        assertEquals(List.of("Maria Cantwell", "Patty Murray", "Quinn Newcomer"), wa9());
        assertEquals("f", Db.value(dataSource, "SELECT active FROM legislator WHERE bioguide = ?", ADAM_SMITH), "retired, row kept");
        assertEquals(MEMBERS, activeMembers());
        assertEquals(LegislatorServer.etag(), Db.value(dataSource, "SELECT etag FROM legislator_refresh"));
    }

    @Test
    @Order(3)
    void aNotModifiedAnswerChangesNoMemberAndConfirmsTheData() throws Exception {
        Map<String, String> before = rowVersions();
        String confirmedBefore = Db.value(dataSource, "SELECT confirmed_at::text FROM legislator_refresh");
        int asked = LegislatorServer.REQUESTS.size();

        assertEquals(new LegislatorRefresh.Outcome.Unchanged(), refresh.refreshNow());

        assertEquals(LegislatorServer.etag(), LegislatorServer.REQUESTS.get(asked).ifNoneMatch(), "the server answered 304");
        assertEquals(before, rowVersions(), "no member row was touched (xmin and updated_at as before)");
        assertNotEquals(confirmedBefore, Db.value(dataSource, "SELECT confirmed_at::text FROM legislator_refresh"),
                "the data is confirmed current as of now");
    }

    @Test
    @Order(4)
    void aBrokenOrImplausibleFileKeepsTheLastGoodSet() throws Exception {
        Map<String, String> before = rowVersions();

        LegislatorServer.publish("not: [a list".getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(LegislatorRefresh.Outcome.Kept.class, refresh.refreshNow());
        assertTrue(Db.value(dataSource, "SELECT last_error FROM legislator_refresh").contains("not valid YAML"));

        LegislatorServer.publish(WA9_NEWCOMER.getBytes(StandardCharsets.UTF_8)); // valid, but would retire 37 of 38
        LegislatorRefresh.Outcome outcome = refresh.refreshNow();
        assertInstanceOf(LegislatorRefresh.Outcome.Kept.class, outcome);
        assertTrue(((LegislatorRefresh.Outcome.Kept) outcome).reason().contains("would retire 37 of the 38"), outcome.toString());

        assertEquals(before, rowVersions(), "nothing changed");
        assertEquals(List.of("Maria Cantwell", "Patty Murray", "Quinn Newcomer"), wa9());
    }

    @Test
    @Order(5)
    void anUnreachableSourceKeepsTheLastGoodSetAndTheAgeGrows() throws Exception {
        Map<String, String> before = rowVersions();
        LegislatorServer.shutDown();

        LegislatorRefresh.Outcome outcome = refresh.refreshNow();

        assertInstanceOf(LegislatorRefresh.Outcome.Kept.class, outcome);
        assertEquals(before, rowVersions(), "the members stay as they were");
        assertEquals(MEMBERS, activeMembers());
        assertTrue(Db.value(dataSource, "SELECT last_error FROM legislator_refresh").contains("could not be read"));
        double age = ageOnMetrics();
        assertTrue(age >= 0 && age < 600, "confirmed a moment ago: " + age);

        // A week and a day without a successful refresh: the gauge says so, and the data counts as stale.
        Db.value(dataSource, "UPDATE legislator_refresh SET confirmed_at = now() - interval '8 days' RETURNING 1");
        assertInstanceOf(LegislatorRefresh.Outcome.Kept.class, refresh.refreshNow());
        assertTrue(refresh.freshness().stale(), refresh.freshness().toString());
        assertTrue(ageOnMetrics() > Duration.ofDays(8).toSeconds() - 60, "the gauge shows the age");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM legislator WHERE active AND bioguide = ?", ADAM_SMITH));
    }

    private double ageOnMetrics() {
        String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
        Matcher gauge = Pattern.compile("(?m)^groundswell_congress_data_age_seconds(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
        assertTrue(gauge.find(), "no groundswell_congress_data_age_seconds on /q/metrics");
        return Double.parseDouble(gauge.group(1));
    }

    private static byte[] withoutAdamSmithAndWithANewcomer() {
        String yaml = new String(LegislatorData.originalBytes(), StandardCharsets.UTF_8);
        int start = yaml.indexOf("- id: {bioguide: " + ADAM_SMITH + "}");
        int end = yaml.indexOf("- id:", start + 1);
        assertTrue(start > 0 && end > start);
        assertFalse(yaml.contains(NEWCOMER));
        return (yaml.substring(0, start) + WA9_NEWCOMER + yaml.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private List<String> wa9() {
        return given().queryParam("state", "WA").queryParam("district", 9).get("/api/representatives")
                .then().statusCode(200).extract().jsonPath().getList("name", String.class);
    }

    private long activeMembers() {
        return Db.count(dataSource, "SELECT count(*) FROM legislator WHERE active");
    }

    private Map<String, String> rowVersions() throws Exception {
        Map<String, String> versions = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT bioguide, xmin::text || ' ' || updated_at::text || ' ' || active FROM legislator")) {
            while (rows.next()) {
                versions.put(rows.getString(1), rows.getString(2));
            }
        }
        assertFalse(versions.isEmpty());
        return versions;
    }
}

package org.groundswell.congress;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.groundswell.support.LegislatorData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every test starts and ends with the real file imported: the other test classes share the database. */
@QuarkusTest
class LegislatorImportTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Inject
    AgroalDataSource dataSource;

    @Test
    void importsTwoSenatorsPerStateAndTheHouseDistrictsOfTheFile() throws Exception {
        LegislatorData.importOriginal();

        Map<String, Integer> senatorsPerState = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT state, count(*) FROM legislator WHERE active AND chamber = 'sen' GROUP BY state")) {
            while (rows.next()) {
                senatorsPerState.put(rows.getString(1), rows.getInt(2));
            }
        }
        assertEquals(Map.of("AK", 2, "CA", 2, "NY", 2, "TX", 2, "VT", 2, "WA", 2, "WY", 2), senatorsPerState);
        for (String state : senatorsPerState.keySet()) {
            List<String> chambers = given().queryParam("state", state).get("/api/representatives")
                    .then().statusCode(200).extract().jsonPath().getList("chamber", String.class);
            assertEquals(2, chambers.stream().filter("sen"::equals).count(), state);
        }
        assertFalse(senatorsPerState.containsKey("DC"), "DC has a House delegate, no senators");

        assertEquals(range(1, 10), houseDistricts("WA"));
        // The file holds some of California's districts (not 14: a vacant seat), up to its highest, 52.
        assertEquals(List.of(2, 12, 15, 52), houseDistricts("CA"));
        assertEquals(List.of(0), houseDistricts("WY"));
        assertEquals(List.of(0), houseDistricts("AK"));
        assertEquals(List.of(0), houseDistricts("DC"));
        assertEquals(List.of(), houseDistricts("OR"), "a state the file does not hold has nobody");

        JsonPath wa7 = given().queryParam("state", "WA").queryParam("district", 7).get("/api/representatives")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("Maria Cantwell", "Patty Murray", "Pramila Jayapal"), wa7.getList("name"));
        assertEquals("202-224-3441", wa7.getString("[0].phone"));
        assertEquals("https://www.cantwell.senate.gov/public/index.cfm/email-maria", wa7.getString("[0].contactForm"));
        assertEquals("Democrat", wa7.getString("[2].party"));
        assertEquals(7, wa7.getInt("[2].district"));
    }

    @Test
    void importingTheSameFileAgainChangesNoRow() throws Exception {
        LegislatorData.importOriginal();
        Map<String, String> before = rowVersions();

        Map<String, Integer> counts = LegislatorData.importOriginal();

        assertEquals(Map.of("inserted", 0, "updated", 0, "retired", 0, "unchanged", memberCount()), counts);
        assertEquals(before, rowVersions(), "no row was rewritten (xmin and updated_at unchanged)");
    }

    @Test
    void aChangedFileUpdatesChangedMembersAndRetiresMissingOnes() throws Exception {
        LegislatorData.importOriginal();
        List<Map<String, Object>> members = YAML.readValue(LegislatorData.originalBytes(), new TypeReference<>() {
        });
        Map<String, Object> alaskaMember = members.stream()
                .filter(m -> "rep".equals(lastTerm(m).get("type")) && "AK".equals(lastTerm(m).get("state")))
                .findFirst().orElseThrow();
        String changedId = bioguide(alaskaMember);
        lastTerm(alaskaMember).put("phone", "202-555-0199");
        Map<String, Object> leaving = members.stream()
                .filter(m -> "sen".equals(lastTerm(m).get("type")) && "VT".equals(lastTerm(m).get("state")))
                .findFirst().orElseThrow();
        String retiredId = bioguide(leaving);
        members.remove(leaving);
        Path modified = Path.of("target", "legislators-modified.yaml");
        YAML.writeValue(modified.toFile(), members);

        try {
            Map<String, Integer> counts = LegislatorData.importBytes(Files.readAllBytes(modified));

            assertEquals(Map.of("inserted", 0, "updated", 1, "retired", 1, "unchanged", memberCount() - 2), counts);
            given().queryParam("state", "AK").queryParam("district", 0).get("/api/representatives").then().statusCode(200)
                    .body("find { it.chamber == 'rep' }.bioguide", equalTo(changedId))
                    .body("find { it.chamber == 'rep' }.phone", equalTo("202-555-0199"));
            List<String> vermont = given().queryParam("state", "VT").get("/api/representatives").then().statusCode(200)
                    .extract().jsonPath().getList("bioguide", String.class);
            assertFalse(vermont.contains(retiredId), "a retired member is no longer listed");
            assertEquals(2, vermont.size(), "one senator and the at-large member remain: " + vermont);
            assertFalse(isActive(retiredId), "the row is kept, inactive");
        } finally {
            Map<String, Integer> restored = LegislatorData.importOriginal();
            assertEquals(Map.of("inserted", 0, "updated", 2, "retired", 0, "unchanged", memberCount() - 2), restored);
        }
        assertTrue(isActive(retiredId), "back in the file: active again");
        given().queryParam("state", "AK").get("/api/representatives").then().statusCode(200)
                .body("find { it.chamber == 'rep' }.phone", equalTo(lastTerm(YAML.readValue(LegislatorData.originalBytes(),
                        new TypeReference<List<Map<String, Object>>>() {
                        }).stream().filter(m -> bioguide(m).equals(changedId)).findFirst().orElseThrow()).get("phone")));
    }

    @Test
    void aBrokenFileIsRejectedWholeAndChangesNothing() throws Exception {
        LegislatorData.importOriginal();
        Map<String, String> before = rowVersions();

        for (String body : List.of("[]", "not: [a list", "- id: {bioguide: X1}\n  name: {last: X}\n  terms: []\n")) {
            given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType("application/yaml").body(body.getBytes(StandardCharsets.UTF_8))
                    .post("/api/admin/legislators")
                    .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }
        // One bad entry among good ones: nobody is retired.
        String oneBad = new String(LegislatorData.originalBytes(), StandardCharsets.UTF_8)
                + "- id:\n    bioguide: Z999999\n  name:\n    last: Nobody\n  terms:\n  - type: rep\n    state: ZZ\n    district: 1\n";
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType("text/yaml").body(oneBad.getBytes(StandardCharsets.UTF_8))
                .post("/api/admin/legislators")
                .then().statusCode(400).body("detail", containsString("Z999999"));

        given().contentType("application/yaml").body(new byte[]{'[', ']'}).post("/api/admin/legislators").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/yaml").body(new byte[]{'[', ']'})
                .post("/api/admin/legislators").then().statusCode(401);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType("application/json").body("[]")
                .post("/api/admin/legislators").then().statusCode(415);
        assertEquals(before, rowVersions());
    }

    private static int memberCount() throws Exception {
        return YAML.readValue(LegislatorData.originalBytes(), List.class).size();
    }

    private List<Integer> houseDistricts(String state) {
        return given().queryParam("state", state).get("/api/representatives").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.chamber == 'rep' }.district", Integer.class);
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastTerm(Map<String, Object> member) {
        List<Map<String, Object>> terms = (List<Map<String, Object>>) member.get("terms");
        return terms.get(terms.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private static String bioguide(Map<String, Object> member) {
        return (String) ((Map<String, Object>) member.get("id")).get("bioguide");
    }

    private Map<String, String> rowVersions() throws Exception {
        Map<String, String> versions = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT bioguide, xmin::text || ' ' || updated_at::text FROM legislator")) {
            while (rows.next()) {
                versions.put(rows.getString(1), rows.getString(2));
            }
        }
        assertFalse(versions.isEmpty());
        return versions;
    }

    private boolean isActive(String bioguide) {
        return "t".equals(Db.value(dataSource, "SELECT active FROM legislator WHERE bioguide = ?", bioguide));
    }
}

package org.groundswell.osdi;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading a large petition's signatures: {@code _links.next} carries a cursor (the last signature's id), so a client
 * that follows it reads every confirmed signature once, in order, at the same cost however deep; a page asked for by
 * number is bounded (page × per_page ≤ 10,000), and deeper is a 400 that says to follow the links.
 */
@QuarkusTest
class OsdiSignaturePagingTest {

    private static final String AEP = "/api/osdi/v1";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void followingNextReadsEveryConfirmedSignatureOnceInOrder() throws Exception {
        String organiser = Api.newOrganiser("OSDI paging");
        String slug = Api.openCampaign(organiser);
        String other = Api.openCampaign(organiser);
        // 308 rows, interleaved by id: of every 11, one PENDING of this campaign, one CONFIRMED of the other, nine CONFIRMED here.
        seed(slug, other, 308);
        List<Long> expected = confirmedIds(slug);
        assertEquals(252, expected.size());
        // total_records is the campaign's tally, folded within about a second.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().header("Authorization", "Bearer " + organiser).get(AEP + "/petitions/{id}/signatures", slug)
                        .then().statusCode(200).extract().jsonPath().getLong("total_records") == 252);

        List<Long> read = new ArrayList<>();
        String target = AEP + "/petitions/" + slug + "/signatures?per_page=25";
        int pages = 0;
        while (target != null) {
            JsonPath page = given().header("Authorization", "Bearer " + organiser).get(target).then().statusCode(200)
                    .contentType(OsdiResource.HAL_JSON)
                    .body("total_records", equalTo(252)).body("total_pages", equalTo(11)).body("per_page", equalTo(25))
                    .body("page", equalTo(pages + 1))
                    .extract().jsonPath();
            pages++;
            List<String> identifiers = page.getList("_embedded.'osdi:signatures'.identifiers.flatten()", String.class);
            assertTrue(identifiers.size() == 25 || page.get("_links.next") == null, "only the last page is short: " + target);
            identifiers.forEach(identifier -> read.add(Long.parseLong(identifier.substring("groundswell:".length()))));
            String next = page.getString("_links.next.href");
            if (next != null) {
                URI uri = URI.create(next);
                assertTrue(uri.getRawQuery().contains("after=" + read.get(read.size() - 1)), "a cursor after the last one read: " + next);
                target = uri.getRawPath() + "?" + uri.getRawQuery();
            } else {
                target = null;
            }
            assertTrue(pages <= 12, "the walk ends");
        }
        assertEquals(11, pages);
        assertEquals(expected, read, "each confirmed signature once, oldest first, none of the pending or the other campaign's");

        // An API client may go on from any signature it has, with the key that covers the campaign as with the owner's token.
        String key = given().contentType("application/json").header("Authorization", "Bearer " + organiser)
                .body(Map.of("name", "Paging partner", "campaigns", List.of(slug)))
                .post("/api/organisers/me/keys").then().statusCode(201).extract().jsonPath().getString("key");
        JsonPath tail = given().header("OSDI-API-Token", key).queryParam("after", expected.get(239)).queryParam("per_page", 100)
                .get(AEP + "/petitions/{id}/signatures", slug).then().statusCode(200)
                .body("_links", not(hasKey("next"))).body("_links", not(hasKey("previous"))).body("$", not(hasKey("page")))
                .body("_links.self.href", endsWith("/signatures?after=" + expected.get(239) + "&per_page=100"))
                .extract().jsonPath();
        assertEquals(expected.subList(240, 252).stream().map(id -> "groundswell:" + id).toList(),
                tail.getList("_embedded.'osdi:signatures'.identifiers.flatten()", String.class));
    }

    @Test
    void aDeepPageNumberIsRefusedWithTheWayOn() {
        String organiser = Api.newOrganiser("OSDI deep pages");
        String slug = Api.openCampaign(organiser);
        String path = AEP + "/petitions/{id}/signatures";

        // As deep as page × per_page = 10,000: answered (here empty, with no next), the previous page by number.
        given().header("Authorization", "Bearer " + organiser).queryParam("page", 400).queryParam("per_page", 25)
                .get(path, slug).then().statusCode(200)
                .body("page", equalTo(400)).body("total_records", equalTo(0))
                .body("_embedded.'osdi:signatures'", empty())
                .body("_links", not(hasKey("next")));
        given().header("Authorization", "Bearer " + organiser).queryParam("page", 100).queryParam("per_page", 100)
                .get(path, slug).then().statusCode(200);

        // Deeper by number: 400 problem+json that says how to read on. per_page is cut to max_pagesize first.
        for (int[] ask : new int[][]{{401, 25}, {101, 100}, {101, 1000}, {99_999, 50}, {2_000_000_000, 100}}) {
            given().header("Authorization", "Bearer " + organiser).queryParam("page", ask[0]).queryParam("per_page", ask[1])
                    .get(path, slug).then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("_links.next"))
                    .body("detail", containsString("at most 10000"));
        }
        // A stranger still hears 404 for the campaign, not how deep it may be read.
        given().header("Authorization", "Bearer " + Api.newOrganiser("OSDI stranger")).queryParam("page", 2)
                .get(path, slug).then().statusCode(404);
        // The cursor is never bounded: going on after any id answers (nothing left here).
        given().header("Authorization", "Bearer " + organiser).queryParam("after", 1_000_000_000L).queryParam("page", 99_999)
                .get(path, slug).then().statusCode(200).body("_embedded.'osdi:signatures'", hasSize(0));
        given().header("Authorization", "Bearer " + organiser).queryParam("after", -1).get(path, slug).then().statusCode(400);
    }

    @Test
    void aSuppressedMailboxNeverShowsAsConsentingOnAnyPage() {
        String organiser = Api.newOrganiser("OSDI suppressed");
        String slug = Api.openCampaign(organiser);
        String email = Api.uniqueEmail("osdi-suppressed");
        Map<String, Object> signature = Api.signature("Quiet Again", email);
        signature.put("consentToUpdates", true);
        Api.signAndConfirm(slug, signature);
        // "No mail from any campaign"; then the row written back as consenting, as one written before suppression was.
        Api.fromTokenPage().formParam("scope", "all").post(Api.unsubscribePath(Api.awaitMail(email, "Please confirm")))
                .then().statusCode(200);
        assertEquals(1, Db.count(dataSource, "WITH c AS (UPDATE signature SET consent_to_updates = true, unsubscribed_at = NULL "
                + "WHERE email = ? RETURNING 1) SELECT count(*) FROM c", email));
        String path = AEP + "/petitions/{id}/signatures";
        for (Map<String, Object> query : List.<Map<String, Object>>of(Map.of("page", 1), Map.of("after", 0))) {
            String body = given().header("Authorization", "Bearer " + organiser).queryParams(query).get(path, slug).then()
                    .statusCode(200).body("_embedded.'osdi:signatures'", hasSize(1)).extract().asString();
            assertFalse(body.contains(email), query + ": " + body);
            assertFalse(body.contains("Quiet"), query + ": " + body);
        }
        assertEquals("t", Db.value(dataSource, "SELECT consent_to_updates FROM signature WHERE email = ?", email),
                "reading the list writes nothing back");
    }

    /**
     * {@code rows} signatures written straight into the table, one id after the other: of every 11, one PENDING of
     * {@code slug}, one CONFIRMED of {@code other}, the rest CONFIRMED of {@code slug}; and the confirmed ones of
     * {@code slug} counted in its tally, as confirming does (a delta the tally folds).
     */
    private void seed(String slug, String other, int rows) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO signature (campaign_id, name, email, country, region, postal_code, consent_to_updates,
                                            status, created_at, confirmed_at)
                     SELECT CASE WHEN n % 11 = 3 THEN o.id ELSE c.id END, 'Paged Supporter ' || n, 'paged-' || n || '@example.org',
                            'US', 'WA', '98101', n % 2 = 0,
                            CASE WHEN n % 11 = 7 THEN 'PENDING' ELSE 'CONFIRMED' END, now() - make_interval(secs => 1000 - n),
                            CASE WHEN n % 11 = 7 THEN NULL ELSE now() END
                     FROM campaign c, campaign o, generate_series(1, ?) AS n WHERE c.slug = ? AND o.slug = ? ORDER BY n""");
             PreparedStatement tally = connection.prepareStatement(
                     "INSERT INTO signature_tally_delta (campaign_id, delta) SELECT id, ? FROM campaign WHERE slug = ?")) {
            insert.setInt(1, rows);
            insert.setString(2, slug);
            insert.setString(3, other);
            assertEquals(rows, insert.executeUpdate());
            tally.setInt(1, rows - 2 * (rows / 11));
            tally.setString(2, slug);
            assertEquals(1, tally.executeUpdate());
        }
    }

    private List<Long> confirmedIds(String slug) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT s.id FROM signature s JOIN campaign c ON c.id = s.campaign_id"
                     + " WHERE c.slug = ? AND s.status = 'CONFIRMED' ORDER BY s.id")) {
            query.setString(1, slug);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }
}

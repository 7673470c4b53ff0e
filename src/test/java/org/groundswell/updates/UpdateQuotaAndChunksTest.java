package org.groundswell.updates;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.groundswell.support.Mails;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One update per campaign a day (test sends to the organiser aside), and an update's mail queued in chunks (7
 * signature ids each in the test profile), each supporter's exactly once, resuming where a crash left it.
 */
@QuarkusTest
class UpdateQuotaAndChunksTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSecondUpdateWithinADayIs429WithRetryAfterButRetriesAndTestSendsGo() throws Exception {
        String organiser = Api.newOrganiser("Quota organiser");
        String slug = Api.openCampaign(organiser);
        Map<String, Object> signature = Api.signature("Quota Supporter", Api.uniqueEmail("quota"));
        signature.put("consentToUpdates", true);
        Api.signAndConfirm(slug, signature);

        long first = send(organiser, slug, "first", Map.of("subject", "First news", "body", "Hello")).statusCode(202)
                .extract().jsonPath().getLong("id");
        assertEquals(first, send(organiser, slug, "first", Map.of("subject", "First news", "body", "Hello")).statusCode(202)
                .extract().jsonPath().getLong("id"), "a retry with the same Idempotency-Key is the same update, not a second");

        JsonPath refused = send(organiser, slug, "second", Map.of("subject", "Second news", "body", "Again")).statusCode(429)
                .contentType("application/problem+json").body("status", equalTo(429)).extract().jsonPath();
        assertTrue(refused.getString("detail").contains("in 24 h"), refused.getString("detail"));
        String retryAfter = send(organiser, slug, null, Map.of("subject", "Third news", "body", "Again")).statusCode(429)
                .contentType("application/problem+json").extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds > 86_000 && seconds <= 86_400, "Retry-After " + retryAfter + ": when the first is a day old");

        send(organiser, slug, null, Map.of("subject", "Draft news", "body", "Hello", "test", true)).statusCode(202)
                .body("recipients", equalTo(1)).body("complete", equalTo(true));
        assertEquals(2, Db.count(dataSource, "SELECT count(*) FROM campaign_update WHERE campaign_id = (SELECT id FROM campaign WHERE slug = ?)", slug),
                "the real update and the test send; nothing of the refused ones");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE subject IN ('Second news', 'Third news')"));
    }

    @Test
    void anUpdateIsQueuedInChunksAndReachesEverySupporterOnce() throws Exception {
        String organiser = Api.newOrganiser("Chunk organiser");
        String slug = Api.openCampaign(organiser);
        List<String> consenting = seed(slug, "chunked", 45); // ids in 7 chunks of 7; every third without consent
        String subject = Api.unique("Chunked news");

        JsonPath accepted = send(organiser, slug, null, Map.of("subject", subject, "body", "Dear {supporter.name}, thanks."))
                .statusCode(202).extract().jsonPath();
        assertTrue(accepted.getInt("recipients") <= 7, "the request queues the first chunk only: " + accepted.getInt("recipients"));
        assertFalse(accepted.getBoolean("complete"));
        long updateId = accepted.getLong("id");
        List<String> late = seed(slug, "late", 3); // signed after the update was posted: not its recipients

        awaitComplete(organiser, slug, consenting.size());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> consenting.stream().allMatch(e -> count(e, subject) >= 1));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", "Bearer " + organiser)
                .get("/api/campaigns/{slug}/updates", slug).then().body("[0].sent", equalTo(consenting.size())).body("[0].queued", equalTo(0)));
        for (String email : consenting) {
            assertEquals(1, count(email, subject), email);
        }
        for (String email : late) {
            assertEquals(0, count(email, subject), email);
        }
        assertEquals(consenting.size(), Db.count(dataSource, "SELECT count(DISTINCT signature_id) FROM outbox_message WHERE update_id = ?", updateId));
        assertEquals(consenting.size(), Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE update_id = ? AND priority = 2", updateId),
                "every one at bulk priority");
        assertEquals("t", Db.value(dataSource, "SELECT queued_through = last_signature_id AND queued_at IS NOT NULL FROM campaign_update WHERE id = ?", updateId));
    }

    @Test
    void queuingResumesWhereAReplicaThatDiedLeftIt() throws Exception {
        String organiser = Api.newOrganiser("Resume organiser");
        String slug = Api.openCampaign(organiser);
        List<String> consenting = seed(slug, "resumed", 30);
        long campaignId = Long.parseLong(Db.value(dataSource, "SELECT id FROM campaign WHERE slug = ?", slug));
        // As a replica leaves it when it dies after committing the chunks up to the 12th signature: their mails are
        // queued (and here already sent and forgotten), the row says so, and no replica is queuing it any more.
        long through = Long.parseLong(Db.value(dataSource,
                "SELECT id FROM signature WHERE campaign_id = ? ORDER BY id OFFSET 11 LIMIT 1", campaignId));
        long before = Db.count(dataSource, "SELECT count(*) FROM signature WHERE campaign_id = ? AND id <= ? AND consent_to_updates", campaignId, through);
        String subject = Api.unique("Resumed news");
        long updateId = Long.parseLong(Db.value(dataSource, """
                INSERT INTO campaign_update (campaign_id, subject, body, test, recipients, last_signature_id, queued_through, created_at)
                SELECT ?, ?, 'Resumed', false, ?, max(id), ?, now() - interval '1 minute' FROM signature WHERE campaign_id = ?
                RETURNING id""", campaignId, subject, (int) before, through, campaignId));

        awaitComplete(organiser, slug, consenting.size());
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE update_id = ? AND signature_id <= ?", updateId, through),
                "nothing queued twice");
        assertEquals(consenting.size() - before, Db.count(dataSource,
                "SELECT count(DISTINCT signature_id) FROM outbox_message WHERE update_id = ? AND signature_id > ?", updateId, through));
        assertEquals(consenting.size() - before, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE update_id = ?", updateId));
    }

    private void awaitComplete(String organiser, String slug, int recipients) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", "Bearer " + organiser)
                .get("/api/campaigns/{slug}/updates", slug).then().statusCode(200)
                .body("[0].complete", equalTo(true)).body("[0].recipients", equalTo(recipients)));
    }

    private static long count(String email, String subject) {
        return Api.mailsTo(email).stream().filter(m -> Mails.subject(m).equals(subject)).count();
    }

    /** {@code n} confirmed signatures, every third without consent to updates; answers the consenting addresses. */
    private List<String> seed(String slug, String prefix, int n) throws Exception {
        List<String> consenting = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO signature (campaign_id, name, email, country, consent_to_updates, status, confirmed_at)
                     VALUES ((SELECT id FROM campaign WHERE slug = ?), ?, ?, 'GB', ?, 'CONFIRMED', now())""")) {
            for (int i = 1; i <= n; i++) {
                String email = Api.uniqueEmail(prefix);
                boolean consent = i % 3 != 0;
                insert.setString(1, slug);
                insert.setString(2, "Supporter " + i);
                insert.setString(3, email);
                insert.setBoolean(4, consent);
                insert.executeUpdate();
                if (consent) {
                    consenting.add(email);
                }
            }
        }
        return consenting;
    }

    private static ValidatableResponse send(String organiser, String slug, String key, Map<String, Object> update) {
        var request = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser).body(update);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/api/campaigns/{slug}/updates", slug).then();
    }
}

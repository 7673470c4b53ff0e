package org.groundswell.privacy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention, run as of chosen moments in the future (its clock is a parameter). It acts on the whole test
 * database, so the assertions look only at this test's rows; Quarkus tests run one class at a time, so no other
 * test's rows are half-way through anything.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    Retention retention;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void unconfirmedGoAfterThirtyDaysMailBodiesAfterSevenAndSignersAreAnonymisedHalfAYearAfterClosing() throws Exception {
        String organiser = Api.newOrganiser("Retention organiser");
        String slug = Api.openCampaign(organiser);
        String unconfirmed = Api.uniqueEmail("never");
        String confirmed = Api.uniqueEmail("kept");
        Map<String, Object> placed = Api.signature("Kept Person", confirmed);
        placed.put("country", "US");
        placed.put("region", "WA");
        placed.put("district", 7);
        placed.put("postalCode", "98101");
        Api.signAndGetToken(slug, Api.signature("Never Confirmed", unconfirmed));
        Api.signAndConfirm(slug, placed);
        Api.awaitMail(confirmed, "Next steps");
        Api.awaitSignatureCount(slug, 1);
        // A mail reaches the SMTP server before its round records it SENT.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                count("SELECT count(*) FROM outbox_message WHERE recipient = ? AND status = 'SENT'", confirmed) == 2);
        Instant now = Instant.parse(Db.value(dataSource, "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"));

        // Twenty-nine days on, nothing goes; thirty-one days on, the never-confirmed signature does.
        retention.run(now.plus(Duration.ofDays(29)));
        assertEquals(1, count("SELECT count(*) FROM signature WHERE email = ?", unconfirmed));
        Retention.Report report = retention.run(now.plus(Duration.ofDays(31)));
        assertTrue(report.unconfirmedDeleted() >= 1, report.toString());
        assertEquals(0, count("SELECT count(*) FROM signature WHERE email = ?", unconfirmed));
        assertEquals(0, count("SELECT count(*) FROM outbox_message WHERE recipient = ?", unconfirmed));

        // Sent mails keep their rows, without their bodies (links, names), after seven days.
        assertEquals(2, count("SELECT count(*) FROM outbox_message WHERE recipient = ? AND status = 'SENT' AND html_body IS NULL AND text_body IS NULL", confirmed));

        // Closed, and 181 days later: the signer is anonymised; the count and the counts by place stay.
        given().contentType("application/json").header("Authorization", "Bearer " + organiser).body(Map.of("status", "CLOSED"))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(200);
        long id = count("SELECT id FROM signature WHERE email = ?", confirmed);
        retention.run(now.plus(Duration.ofDays(181)));
        assertNull(Db.value(dataSource, "SELECT email FROM signature WHERE id = ?", id));
        assertNull(Db.value(dataSource, "SELECT name FROM signature WHERE id = ?", id));
        assertNull(Db.value(dataSource, "SELECT postal_code FROM signature WHERE id = ?", id));
        assertEquals("US WA 7 CONFIRMED", Db.value(dataSource, "SELECT country || ' ' || region || ' ' || district || ' ' || status FROM signature WHERE id = ?", id));
        assertEquals(0, count("SELECT count(*) FROM confirmation_token WHERE signature_id = ?", id));
        assertEquals(1, Api.signatureCount(slug));
        given().get("/api/campaigns/{slug}/counts", slug).then().statusCode(200)
                .body("usDistricts[0].code", org.hamcrest.Matchers.equalTo("WA-07"));
    }

    private long count(String sql, Object... parameters) {
        return Db.count(dataSource, sql, parameters);
    }
}

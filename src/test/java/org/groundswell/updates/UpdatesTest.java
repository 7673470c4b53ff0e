package org.groundswell.updates;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.groundswell.support.Mails;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An organiser's update reaches exactly the confirmed supporters who consented and did not opt out, once. */
@QuarkusTest
class UpdatesTest {

    private static final String SUBJECT = "We were heard";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    UpdateService updates;

    @Inject
    org.groundswell.campaign.CampaignService campaigns;

    @Test
    void anUpdateReachesExactlyTheConsentingConfirmedSupportersOnceEvenWhenRetried() throws Exception {
        String organiser = Api.newOrganiser("Update organiser");
        String slug = Api.openCampaign(organiser);
        String consenting = supporter(slug, "Consenting", true, true);
        String alsoConsenting = supporter(slug, "Also Consenting", true, true);
        String noConsent = supporter(slug, "No Consent", false, true);
        String pending = supporter(slug, "Pending", true, false);
        String unsubscribed = supporter(slug, "Unsubscribed", true, true);
        String suppressed = supporter(slug, "Suppressed", true, true);
        String held = Api.uniqueEmail("held");
        String crowd = Api.newClientAddress();
        for (int i = 0; i < 20; i++) {
            Api.signFrom(crowd, slug, Api.signature("Crowd " + i, Api.uniqueEmail("crowd"))).statusCode(202);
        }
        Map<String, Object> heldSignature = Api.signature("Held", held);
        heldSignature.put("consentToUpdates", true);
        Api.signFrom(crowd, slug, heldSignature).statusCode(202);
        assertEquals("HELD", Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", held));

        given().contentType("application/x-www-form-urlencoded").formParam("List-Unsubscribe", "One-Click")
                .post(Api.unsubscribePath(Api.awaitMail(unsubscribed, "Please confirm"))).then().statusCode(200);
        Api.fromTokenPage().formParam("scope", "all") // the unsubscribe page's "from every campaign" button
                .post(Api.unsubscribePath(Api.awaitMail(suppressed, "Please confirm"))).then().statusCode(200);

        // Consenting here, but their mailbox asked for no mail from any campaign, from another campaign's mail.
        String suppressedElsewhere = supporter(slug, "Suppressed Elsewhere", true, true);
        String other = Api.openCampaign(organiser);
        Map<String, Object> elsewhere = Api.signature("Suppressed Elsewhere", suppressedElsewhere);
        Api.sign(other, elsewhere).statusCode(202);
        MimeMessage otherMail = Api.awaitMail(suppressedElsewhere, "Campaign " + other);
        Api.fromTokenPage().formParam("scope", "all").post(Api.unsubscribePath(otherMail)).then().statusCode(200);

        // "Send to N supporters": N counts exactly those the update goes to.
        var campaign = campaigns.findFresh(slug).orElseThrow();
        assertEquals(2, updates.audience(campaign));

        String body = "Dear {supporter.name},\n\nthe regulator listened.\n\nThank you!";
        JsonPath first = send(organiser, slug, "key-1", Map.of("subject", SUBJECT, "body", body)).extract().jsonPath();
        assertTrue(first.getInt("recipients") <= 2, "queued so far (the request queues the first chunk of its mail)");
        JsonPath retried = send(organiser, slug, "key-1", Map.of("subject", SUBJECT, "body", body)).extract().jsonPath();
        assertEquals(first.getLong("id"), retried.getLong("id"), "the same update for the same Idempotency-Key");

        MimeMessage mail = Api.awaitMail(consenting, SUBJECT);
        assertTrue(Mails.text(mail).startsWith("Dear Consenting,\n\nthe regulator listened."), Mails.text(mail));
        assertNotNull(mail.getHeader("List-Unsubscribe", null));
        Api.awaitMail(alsoConsenting, SUBJECT);
        Background.settle(); // the outbox sent all it holds: a retried update's second mail would be at the SMTP server now
        for (String email : List.of(consenting, alsoConsenting)) {
            assertEquals(1, Api.mailsTo(email).stream().filter(m -> Mails.subject(m).equals(SUBJECT)).count(), email);
        }
        for (String email : List.of(noConsent, pending, unsubscribed, suppressed, suppressedElsewhere, held)) {
            assertTrue(Api.mailsTo(email).stream().noneMatch(m -> Mails.subject(m).equals(SUBJECT)), email + " gets no update");
        }
        // A mail reaches the SMTP server before its round records it SENT.
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/updates", slug).then().statusCode(200)
                        .body("size()", equalTo(1)).body("[0].recipients", equalTo(2)).body("[0].complete", equalTo(true)).body("[0].sent", equalTo(2))
                        .body("[0].queued", equalTo(0)).body("[0].failed", equalTo(0)));
        assertEquals(2, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE kind = 'UPDATE' AND update_id = ?", first.getLong("id")));
    }

    @Test
    void aTestUpdateGoesOnlyToTheOrganiserAndOnlyTheOwnerMaySend() throws Exception {
        String organiserEmail = Api.uniqueEmail("test-sender");
        String organiser = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
                .body(Map.of("name", "Tester", "email", organiserEmail)).post("/api/organisers").then().statusCode(201)
                .extract().path("token");
        String slug = Api.openCampaign(organiser);
        String supporter = supporter(slug, "Real Supporter", true, true);
        send(organiser, slug, null, Map.of("subject", "Draft update", "body", "Hello {supporter.name}", "test", true))
                .body("recipients", equalTo(1));
        MimeMessage mail = Api.awaitMail(organiserEmail, "Draft update");
        assertTrue(Mails.text(mail).contains("Hello [the supporter's name]"), Mails.text(mail));
        Background.settle();
        assertTrue(Api.mailsTo(supporter).stream().noneMatch(m -> Mails.subject(m).equals("Draft update")));

        String stranger = Api.newOrganiser("Stranger");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + stranger).body(Map.of("subject", "x", "body", "y"))
                .post("/api/campaigns/{slug}/updates", slug).then().statusCode(404);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("subject", "x", "body", "Your e-mail is {supporter.email}"))
                .post("/api/campaigns/{slug}/updates", slug).then().statusCode(400).contentType("application/problem+json");
    }

    private io.restassured.response.ValidatableResponse send(String organiser, String slug, String key, Map<String, Object> update) {
        var request = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser).body(update);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/api/campaigns/{slug}/updates", slug).then().statusCode(202);
    }

    /** A supporter of the campaign: consenting or not, confirmed or not. Answers the e-mail. */
    private static String supporter(String slug, String name, boolean consent, boolean confirmed) {
        String email = Api.uniqueEmail(name.toLowerCase().replace(' ', '-'));
        Map<String, Object> signature = Api.signature(name, email);
        signature.put("consentToUpdates", consent);
        if (confirmed) {
            Api.signAndConfirm(slug, signature);
        } else {
            Api.sign(slug, signature).statusCode(202);
        }
        return email;
    }
}

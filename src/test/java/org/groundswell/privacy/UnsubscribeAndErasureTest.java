package org.groundswell.privacy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.groundswell.support.Mails;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class UnsubscribeAndErasureTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everySupporterMailCarriesOneClickUnsubscribeAndTheRemoveLink() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Headers organiser"));
        String email = Api.uniqueEmail("headers");
        Api.signAndConfirm(slug, Api.signature("Mail Reader", email));
        for (MimeMessage mail : List.of(Api.awaitMail(email, "Please confirm"), Api.awaitMail(email, "Next steps"))) {
            String unsubscribe = mail.getHeader("List-Unsubscribe", null);
            assertNotNull(unsubscribe, Mails.subject(mail));
            assertTrue(unsubscribe.matches("<http://localhost:8080/u/[0-9]+\\.[A-Za-z0-9_-]+>"), unsubscribe);
            assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post", null));
            String link = unsubscribe.substring(1, unsubscribe.length() - 1);
            assertTrue(Mails.text(mail).contains(link), "the text carries the same link");
            assertEquals(1, Jsoup.parse(Mails.html(mail)).select("a[href=" + link + "]").size(), "so does the HTML");
            assertTrue(Mails.text(mail).contains("/remove/"), "and the link to remove the signature");
        }
    }

    @Test
    void aOneClickPostUnsubscribesAtOnceAndAGetChangesNothing() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Unsubscribe organiser"));
        String email = Api.uniqueEmail("leaver");
        Map<String, Object> signature = Api.signature("Leaver", email);
        signature.put("consentToUpdates", true);
        Api.signAndConfirm(slug, signature);
        String path = Api.unsubscribePath(Api.awaitMail(email, "Please confirm"));

        given().get(path).then().statusCode(200).header("Cache-Control", "no-store")
                .body(containsString("No mail from any campaign on this service"));
        assertEquals("t", column(email, "consent_to_updates"), "a GET (a mail scanner) changes nothing");

        // RFC 8058: the mail provider's POST, with nothing else.
        given().contentType("application/x-www-form-urlencoded").formParam("List-Unsubscribe", "One-Click").post(path)
                .then().statusCode(200);
        assertEquals("f", column(email, "consent_to_updates"));
        assertNotNull(column(email, "unsubscribed_at"));
        given().contentType("application/x-www-form-urlencoded").formParam("List-Unsubscribe", "One-Click").post(path)
                .then().statusCode(200);
        // A token that does not verify is no one-click unsubscribe: without a browser's word that it comes from our
        // page the form is refused; from our page it is a link that is not valid.
        given().post("/u/1.forged-signature-of-nothing").then().statusCode(403);
        Api.fromTokenPage().post("/u/1.forged-signature-of-nothing").then().statusCode(404);
    }

    @Test
    void removingASignatureTakesItOutOfListCsvCountAndCountsByPlace() throws Exception {
        String organiser = Api.newOrganiser("Erasure organiser");
        String slug = Api.openCampaign(organiser);
        String stays = Api.uniqueEmail("stays");
        String goes = Api.uniqueEmail("goes");
        Map<String, Object> staying = Api.signature("Staying", stays);
        Map<String, Object> going = Api.signature("Going", goes);
        going.put("country", "FR");
        Api.signAndConfirm(slug, staying);
        Api.signAndConfirm(slug, going);
        Api.awaitSignatureCount(slug, 2);
        awaitCounts(slug, "countries.code", List.of("FR", "GB"));

        String remove = Api.removePath(Api.awaitMail(goes, "Next steps"));
        given().get(remove).then().statusCode(200).header("Cache-Control", "no-store").body(containsString("Remove my signature"));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", goes), "a GET removes nothing");
        Api.fromTokenPage().post(remove).then().statusCode(200).body(containsString("Your signature is removed"));

        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", goes));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE recipient = ?", goes));
        Api.awaitSignatureCount(slug, 1);
        awaitCounts(slug, "countries.code", List.of("GB"));
        given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/signatures", slug).then()
                .statusCode(200).body("total", equalTo(1)).body(not(containsString(goes)));
        given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/signatures.csv", slug).then()
                .statusCode(200).body(containsString(stays)).body(not(containsString(goes)));
        Api.fromTokenPage().post(remove).then().statusCode(200).body(containsString("Already removed"));
    }

    @Test
    void theAdminExportsAndErasesEverythingAboutAnAddress() throws Exception {
        String email = Api.uniqueEmail("subject");
        String first = Api.openCampaign(Api.newOrganiser("Export organiser A"));
        String second = Api.openCampaign(Api.newOrganiser("Export organiser B"));
        Api.signAndConfirm(first, Api.signature("Data Subject", email));
        Api.sign(second, Api.signature("Data Subject", email.toUpperCase())).statusCode(202); // the same address
        Api.awaitMails(email, 3); // a confirmation, the steps, a confirmation

        given().get("/api/admin/supporters?email={e}", email).then().statusCode(401);
        JsonPath export = given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).get("/api/admin/supporters?email={e}", email)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(email, export.getString("email"));
        assertEquals(List.of(first, second), export.getList("signatures.campaign"));
        assertEquals(List.of("CONFIRMED", "PENDING"), export.getList("signatures.status"));
        assertEquals(List.of(false, false), export.getList("signatures.consentToUpdates"));
        assertTrue(export.getList("mails.kind").containsAll(List.of("CONFIRMATION", "STEPS")), export.getList("mails.kind").toString());

        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).delete("/api/admin/supporters?email={e}", email)
                .then().statusCode(200).body("erased", equalTo(2));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE recipient = ?", email));
        Api.awaitSignatureCount(first, 0);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).get("/api/admin/supporters?email={e}", email)
                .then().statusCode(200).body("signatures.size()", equalTo(0));
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).get("/api/admin/supporters?email=not-an-address")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private void awaitCounts(String slug, String path, List<String> expected) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                given().get("/api/campaigns/{slug}/counts", slug).then().statusCode(200).extract().jsonPath().getList(path).equals(expected));
    }

    private String column(String email, String column) {
        return Db.value(dataSource, "SELECT " + column + " FROM signature WHERE email = ?", email);
    }
}

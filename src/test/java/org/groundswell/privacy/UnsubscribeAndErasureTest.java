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
            assertTrue(unsubscribe.matches("<http://localhost:8080/u/[A-Za-z0-9_-]{8}\\.[0-9]+\\.[A-Za-z0-9_-]+>"), unsubscribe);
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
    void noMailFromAnyCampaignClearsConsentInEveryCampaignOfTheMailbox() throws Exception {
        String organiser = Api.newOrganiser("Everywhere organiser");
        String first = Api.openCampaign(organiser);
        String second = Api.openCampaign(organiser);
        String email = Api.uniqueEmail("everywhere");
        for (String slug : List.of(first, second)) {
            Map<String, Object> signature = Api.signature("Everywhere", slug.equals(first) ? email : email.replace("@", "+tag@"));
            signature.put("consentToUpdates", true);
            Api.signAndConfirm(slug, signature);
        }
        assertEquals(List.of(true), consents(organiser, second));
        assertEquals(List.of("true"), csvConsents(organiser, second));

        // "No mail from any campaign", from the first campaign's mail.
        Api.fromTokenPage().formParam("scope", "all").post(Api.unsubscribePath(Api.awaitMail(email, "Please confirm")))
                .then().statusCode(200);
        assertEquals(List.of(false), consents(organiser, second), "the other campaign's list");
        assertEquals(List.of("false"), csvConsents(organiser, second), "the other campaign's CSV");
        assertEquals(2, Db.count(dataSource, "SELECT count(*) FROM signature WHERE campaign_id IN (SELECT id FROM campaign WHERE slug IN (?, ?)) "
                + "AND NOT consent_to_updates AND unsubscribed_at IS NOT NULL", first, second));

        // A row written before suppression cleared consent everywhere still never shows as consenting.
        assertEquals(1, Db.count(dataSource, "WITH c AS (UPDATE signature SET consent_to_updates = true, unsubscribed_at = NULL "
                + "WHERE campaign_id = (SELECT id FROM campaign WHERE slug = ?) RETURNING 1) SELECT count(*) FROM c", second));
        assertEquals(List.of(false), consents(organiser, second));
        assertEquals(List.of("false"), csvConsents(organiser, second));
        assertEquals("t", Db.value(dataSource, "SELECT consent_to_updates FROM signature WHERE campaign_id = "
                + "(SELECT id FROM campaign WHERE slug = ?)", second), "reading the list writes nothing back");
    }

    private static List<Boolean> consents(String organiser, String slug) {
        return given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/signatures", slug).then()
                .statusCode(200).extract().jsonPath().getList("items.consentToUpdates", Boolean.class);
    }

    private static List<String> csvConsents(String organiser, String slug) {
        String[] lines = given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/signatures.csv", slug)
                .then().statusCode(200).extract().asString().split("\r?\n");
        int column = List.of(lines[0].split(",", -1)).indexOf("consent_to_updates");
        assertTrue(column >= 0, lines[0]);
        return java.util.Arrays.stream(lines).skip(1).filter(line -> !line.isBlank()).map(line -> line.split(",", -1)[column]).toList();
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
    void theAdminExportsAndErasesEverythingAboutAMailboxWithTheAddressInTheBodyOnly() throws Exception {
        String email = Api.uniqueEmail("subject");
        String tagged = email.replace("@", "+petitions@");
        String first = Api.openCampaign(Api.newOrganiser("Export organiser A"));
        String second = Api.openCampaign(Api.newOrganiser("Export organiser B"));
        String third = Api.openCampaign(Api.newOrganiser("Export organiser C"));
        String bystander = Api.uniqueEmail("bystander");
        Api.signAndConfirm(first, Api.signature("Data Subject", email));
        Api.sign(second, Api.signature("Data Subject", email.toUpperCase())).statusCode(202); // the same address
        Api.sign(third, Api.signature("Data Subject", tagged)).statusCode(202);                // the same mailbox
        Api.sign(third, Api.signature("Bystander", bystander)).statusCode(202);
        Api.awaitMails(email, 3); // a confirmation, the steps, a confirmation
        Api.awaitMails(tagged, 1);

        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/api/admin/supporters/lookup")
                .then().statusCode(401);
        JsonPath export = admin().body(Map.of("email", tagged.toUpperCase())).post("/api/admin/supporters/lookup")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(first, second, third), export.getList("signatures.campaign"), "every address of the mailbox");
        assertEquals(List.of(email, email, tagged), export.getList("signatures.email"));
        assertEquals(List.of("CONFIRMED", "PENDING", "PENDING"), export.getList("signatures.status"));
        assertEquals(List.of(false, false, false), export.getList("signatures.consentToUpdates"));
        assertTrue(export.getList("mails.kind").containsAll(List.of("CONFIRMATION", "STEPS")), export.getList("mails.kind").toString());

        // The forms with the address in the URL are gone, and say where to go.
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).get("/api/admin/supporters?email={e}", email)
                .then().statusCode(410).contentType("application/problem+json")
                .body("detail", containsString("POST /api/admin/supporters/lookup"));
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).delete("/api/admin/supporters?email={e}", email)
                .then().statusCode(410).contentType("application/problem+json")
                .body("detail", containsString("POST /api/admin/supporters/erase"));
        assertEquals(3, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email IN (?, ?)", email, tagged));

        admin().body(Map.of("email", email)).post("/api/admin/supporters/erase")
                .then().statusCode(200).body("erased", equalTo(3));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email IN (?, ?)", email, tagged));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE recipient IN (?, ?)", email, tagged));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", bystander), "only that mailbox");
        Api.awaitSignatureCount(first, 0);
        admin().body(Map.of("email", tagged)).post("/api/admin/supporters/lookup")
                .then().statusCode(200).body("signatures.size()", equalTo(0));
        admin().body(Map.of("email", "not-an-address")).post("/api/admin/supporters/lookup")
                .then().statusCode(400).contentType("application/problem+json");
        admin().body(Map.of()).post("/api/admin/supporters/erase")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aLinkWhoseKeyIdWasAlteredIsNotOurs() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Key id organiser"));
        String email = Api.uniqueEmail("keyid");
        Api.signAndConfirm(slug, Api.signature("Key Id", email));
        String path = Api.unsubscribePath(Api.awaitMail(email, "Please confirm"));
        String token = path.substring("/u/".length());
        String keyId = token.substring(0, token.indexOf('.'));
        String altered = (keyId.charAt(0) == 'A' ? "B" : "A") + keyId.substring(1) + token.substring(keyId.length());
        given().get("/u/" + altered).then().statusCode(404);
        given().header("Sec-Fetch-Site", "same-origin").post("/u/" + altered).then().statusCode(404);
        given().header("Sec-Fetch-Site", "same-origin").post("/u/" + token.substring(keyId.length() + 1)).then().statusCode(404); // the form before key ids
        given().header("Sec-Fetch-Site", "same-origin").post("/remove/" + token).then().statusCode(404); // an unsubscribe link removes nothing
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ? AND unsubscribed_at IS NULL", email));
        given().post(path).then().statusCode(200);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ? AND unsubscribed_at IS NULL", email));
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    private void awaitCounts(String slug, String path, List<String> expected) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                given().get("/api/campaigns/{slug}/counts", slug).then().statusCode(200).extract().jsonPath().getList(path).equals(expected));
    }

    private String column(String email, String column) {
        return Db.value(dataSource, "SELECT " + column + " FROM signature WHERE email = ?", email);
    }
}

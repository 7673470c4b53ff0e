package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.groundswell.support.Mails;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
class SigningFlowTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void signConfirmByLinkAndReceiveTheSteps() throws Exception {
        String organiser = Api.newOrganiser("Flow organiser");
        String slug = Api.openCampaign(organiser);
        String email = Api.uniqueEmail("supporter");

        // Mixed case and spaces: stored normalised.
        Map<String, Object> signature = Api.signature("Ada Lovelace", "  " + email.toUpperCase() + " ");
        Api.sign(slug, signature).statusCode(202).body("status", equalTo("PENDING"));
        assertEquals("PENDING", statusInDatabase(slug, email));

        MimeMessage confirmation = Api.awaitMail(email, "Please confirm");
        assertTrue(Mails.subject(confirmation).contains("Campaign " + slug));
        assertTrue(Mails.html(confirmation).contains("/confirm/"), "HTML part has the link");
        String token = Api.confirmationToken(confirmation);

        // Pending signatures never count, even after the tally has run.
        Background.settle();
        assertEquals(0, Background.countedSignatures(slug));

        String page = Api.confirmByLink(token)
                .statusCode(200).contentType(ContentType.HTML)
                .body(containsString("Your signature counts"))
                .extract().asString();
        Document html = Jsoup.parse(page);
        assertEquals("Federal Trade Commission", html.select(".step-EMAIL .target").text());
        assertEquals(1, html.select("a[href^=mailto:contact@ftc.gov?subject=]").size(), "pre-filled mailto link on the page");
        assertFalse(page.contains(email), "the page never shows the address");
        assertEquals("CONFIRMED", statusInDatabase(slug, email));

        Api.awaitSignatureCount(slug, 1);

        MimeMessage steps = Api.awaitMail(email, "Next steps");
        String text = Mails.text(steps).replace("\r\n", "\n");
        assertTrue(text.contains("E-mail Federal Trade Commission at contact@ftc.gov"), text);
        assertTrue(text.contains("Write to National Institute of Standards and Technology, 100 Bureau Drive, Gaithersburg, MD 20899"), text);
        assertTrue(text.contains("Dear Director,\nfair standards please.\nAda Lovelace"), text);
        Document stepsHtml = Jsoup.parse(Mails.html(steps));
        String mailto = stepsHtml.select("a[href^=mailto:contact@ftc.gov?]").attr("href");
        String decoded = URLDecoder.decode(mailto.replace("+", "%2B"), StandardCharsets.UTF_8);
        assertTrue(decoded.contains("subject=Fair rules from Ada Lovelace"), decoded);
        assertTrue(decoded.contains("body=Dear Federal Trade Commission,\r\nplease act.\r\nAda Lovelace, GB"), decoded);

        // Opening the link again (a mail scanner did it first, then the person) still shows the success page.
        Api.confirmByLink(token).statusCode(200).body(containsString("Your signature counts"))
                .body(containsString("Federal Trade Commission"));
        given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/signatures/confirm")
                .then().statusCode(200).body("status", equalTo("CONFIRMED"))
                .body("steps[0].targetName", equalTo("Federal Trade Commission"))
                .body(not(containsString(email)));
        Api.steps(token).statusCode(200)
                .body("steps[1].targetPostalAddress", equalTo("100 Bureau Drive, Gaithersburg, MD 20899"));

        // Confirmed once: one steps mail, count stays at one.
        Background.settle();
        assertEquals(1, Api.mailsTo(email).stream().filter(m -> Mails.subject(m).contains("Next steps")).count());
        assertEquals(1, Background.countedSignatures(slug));
    }

    @Test
    void countsOnlyConfirmedSignatures() {
        String organiser = Api.newOrganiser("Count organiser");
        String slug = Api.openCampaign(organiser);
        String first = Api.uniqueEmail("count");
        String second = Api.uniqueEmail("count");
        String third = Api.uniqueEmail("count");
        String token1 = Api.signAndGetToken(slug, Api.signature("One", first));
        String token2 = Api.signAndGetToken(slug, Api.signature("Two", second));
        Api.signAndGetToken(slug, Api.signature("Three", third));

        given().contentType(ContentType.JSON).body(Map.of("token", token1)).post("/api/signatures/confirm").then().statusCode(200);
        Api.awaitSignatureCount(slug, 1);
        given().contentType(ContentType.JSON).body(Map.of("token", token2)).post("/api/signatures/confirm").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("token", token2)).post("/api/signatures/confirm").then().statusCode(200);
        Api.awaitSignatureCount(slug, 2);
        given().get("/api/campaigns").then().statusCode(200).body(not(containsString(first)));
    }

    @Test
    void signingAgainAnswersTheSameAndResendsAtMostOncePerInterval() throws Exception {
        String organiser = Api.newOrganiser("Repeat organiser");
        String slug = Api.openCampaign(organiser);
        String email = Api.uniqueEmail("repeat");
        Api.sign(slug, Api.signature("Repeat", email)).statusCode(202);
        // At once, well inside the 20 s resend interval however slowly the first mail then arrives.
        String repeatedBody = Api.sign(slug, Api.signature("Someone else", email)).statusCode(202).extract().asString();
        assertEquals("{\"status\":\"PENDING\"}", repeatedBody);
        String firstToken = Api.confirmationToken(Api.awaitMail(email, "Please confirm"));
        Background.settle();
        assertEquals(1, Api.mailsTo(email).size(), "no resend inside the interval (20 s in tests)");

        // The interval passes (the first mail is made older rather than waited for), and signing again resends it.
        assertEquals(1, Db.count(dataSource, """
                UPDATE signature SET confirmation_sent_at = confirmation_sent_at - interval '20 seconds'
                WHERE email = ? AND status = 'PENDING' RETURNING 1""", email));
        Api.sign(slug, Api.signature("Repeat", email)).statusCode(202);
        Api.awaitMails(email, 2);
        String secondToken = Api.confirmationToken(Api.mailsTo(email).get(1));
        assertNotNull(secondToken);
        assertFalse(firstToken.equals(secondToken));

        // Both links work: the first confirms, the second shows the same success.
        Api.confirmByLink(firstToken).statusCode(200).body(containsString("Your signature counts"));
        Api.confirmByLink(secondToken).statusCode(200).body(containsString("Your signature counts"));
        assertEquals("Repeat", nameInDatabase(slug, email), "a repeated signature never overwrites the first");
    }

    @Test
    void unknownTokenIsANotFoundPageAndProblem() {
        Api.confirmByLink("not-a-real-token-at-all-0123456789").statusCode(404)
                .contentType(ContentType.HTML).body(containsString("not valid"));
        given().contentType(ContentType.JSON).body(Map.of("token", "nope")).post("/api/signatures/confirm")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    private String statusInDatabase(String slug, String email) throws Exception {
        return column(slug, email, "status");
    }

    private String nameInDatabase(String slug, String email) throws Exception {
        return column(slug, email, "name");
    }

    private String column(String slug, String email, String column) {
        return Db.value(dataSource, "SELECT s." + column + " FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.email = ?", slug, email);
    }
}

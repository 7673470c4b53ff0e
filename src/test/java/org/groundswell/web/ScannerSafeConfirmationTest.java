package org.groundswell.web;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mail scanners open links before people do: opening the confirmation link must confirm nothing. */
@QuarkusTest
class ScannerSafeConfirmationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aGetOrHeadOfTheLinkConfirmsNothingItsButtonDoes() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Scanner organiser"));
        String email = Api.uniqueEmail("scanned");
        String token = Api.signAndGetToken(slug, Api.signature("Scanned Person", email));

        for (int i = 0; i < 3; i++) {
            given().head("/confirm/{token}", token).then().statusCode(200).header("Cache-Control", "no-store");
            Document page = Jsoup.parse(given().get("/confirm/{token}", token).then().statusCode(200)
                    .header("Cache-Control", "no-store").extract().asString());
            assertEquals("Confirm your signature", page.select("h1").text());
            assertEquals("/confirm/" + token, page.select("form[method=post]").attr("action"));
            assertTrue(page.select("main").text().contains("Campaign " + slug));
        }
        Background.settle(); // folded and sent: a confirmation would be counted, its steps mail received
        assertEquals("PENDING", status(email));
        assertEquals(0, Background.countedSignatures(slug));
        assertEquals(0, Api.mailsTo(email).stream().filter(m -> org.groundswell.support.Mails.subject(m).contains("Next steps")).count());

        Api.confirmByLink(token).statusCode(200).header("Cache-Control", "no-store").body(containsString("Your signature counts"));
        assertEquals("CONFIRMED", status(email));
        Api.awaitSignatureCount(slug, 1);
        // Once confirmed, the link shows the steps straight away.
        given().get("/confirm/{token}", token).then().statusCode(200).body(containsString("Your signature counts"));
    }

    @Test
    void aLinkOlderThanSevenDaysHasExpired() {
        String slug = Api.openCampaign(Api.newOrganiser("Expiry organiser"));
        String email = Api.uniqueEmail("late");
        String token = Api.signAndGetToken(slug, Api.signature("Late Person", email));
        Db.value(dataSource, """
                UPDATE confirmation_token SET created_at = now() - interval '8 days'
                WHERE signature_id = (SELECT id FROM signature WHERE email = ?) RETURNING 1""", email);

        for (var answer : new io.restassured.response.Response[]{given().get("/confirm/{token}", token),
                Api.fromTokenPage().post("/confirm/{token}", token)}) {
            answer.then().statusCode(410).contentType(ContentType.HTML).header("Cache-Control", "no-store");
            Document page = Jsoup.parse(answer.asString());
            assertEquals("This link has expired", page.select("h1").text());
            assertTrue(page.select("main").text().contains("sign the campaign again"), page.select("main").text());
            assertEquals("/c/" + slug, page.select("a.button").attr("href"));
        }
        given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/signatures/confirm")
                .then().statusCode(410).contentType("application/problem+json");
        assertEquals("PENDING", status(email));
    }

    private String status(String email) {
        return Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", email);
    }
}

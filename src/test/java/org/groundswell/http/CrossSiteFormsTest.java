package org.groundswell.http;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.groundswell.support.MutableClock;
import org.groundswell.support.RawHttp;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CSRF fails closed on every form post: without evidence that the form comes from one of our pages it is refused
 * with 403 and a page that says why; only the one-click unsubscribe with a signed token goes without.
 */
@QuarkusTest
class CrossSiteFormsTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MutableClock clock;

    @Inject
    GroundswellConfig config;

    @Test
    void aFormWithoutEvidenceOfOurPagesIsRefusedWithAPageThatSaysWhy() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Cross-site organiser"));
        Map<String, String> fields = signingFields(slug, "refused");

        // Origin: null (a sandboxed frame or a data: page elsewhere), and nothing else: refused, saying why.
        Response opaque = given().header("Origin", "null").contentType(FORM).formParams(fields).post("/c/{slug}", slug);
        assertEquals(403, opaque.statusCode(), opaque.asString());
        assertTrue(opaque.contentType().startsWith("text/html"), opaque.contentType());
        Document page = Jsoup.parse(opaque.asString());
        assertTrue(page.select("main").text().contains("Your browser hid where this form was sent from."), page.select("main").text());
        assertTrue(page.select("main").text().contains("send the form again"), page.select("main").text());
        assertEquals("no-store", opaque.header("Cache-Control"));
        // No evidence at all.
        Response silent = given().contentType(FORM).formParams(fields).post("/c/{slug}", slug);
        assertEquals(403, silent.statusCode());
        assertTrue(silent.asString().contains("did not say where this form was sent from"), silent.asString());
        // From another site, however it is said; a Referer that merely starts like ours is not ours.
        assertEquals(403, given().header("Referer", publicOrigin() + ".evil.example/c/" + slug).contentType(FORM)
                .formParams(fields).post("/c/{slug}", slug).statusCode());
        assertEquals(403, given().header("Origin", "https://evil.example").header("Referer", publicOrigin() + "/c/" + slug)
                .contentType(FORM).formParams(fields).post("/c/{slug}", slug).statusCode());
        // Basic credentials a browser may hold for the site ride along on any form: they vouch for nothing.
        assertEquals(403, given().header("Authorization", "Basic dXNlcjpwYXNzd29yZA==").contentType(FORM).formParams(fields)
                .post("/c/{slug}", slug).statusCode());
        // Multipart too: refused before the page (which takes no multipart, 415) is asked.
        assertEquals(403, given().header("Sec-Fetch-Site", "cross-site").multiPart("name", "Multi").post("/c/{slug}", slug).statusCode());
        // A client asking for JSON gets a problem document.
        given().header("Origin", "https://evil.example").accept("application/json").contentType(FORM).formParams(fields)
                .post("/c/{slug}", slug).then().statusCode(403).contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(403)).body("detail", containsString("another site"));
        // Spelled through the unsubscribe path, it is still the campaign's form (decided on the routed path).
        try (RawHttp http = new RawHttp("localhost", RestAssured.port)) {
            RawHttp.Answer walked = http.send("POST", "/u/../c/" + slug, Map.of("Content-Type", FORM, "X-Forwarded-For", Api.newClientAddress()),
                    "name=Walked&email=" + Api.uniqueEmail("walked").replace("@", "%40") + "&country=GB&stamp=" + fields.get("stamp"));
            assertEquals(403, walked.status(), walked.body());
        }
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
    }

    @Test
    void eachKindOfSameOriginEvidenceLetsTheFormThrough() {
        String slug = Api.openCampaign(Api.newOrganiser("Same-origin organiser"));
        // A current browser: Sec-Fetch-Site.
        assertEquals(200, given().header("Sec-Fetch-Site", "same-origin").header("X-Forwarded-For", Api.newClientAddress())
                .contentType(FORM).formParams(signingFields(slug, "fetch")).post("/c/{slug}", slug).statusCode());
        // A browser without Fetch Metadata: Origin, the public URL's.
        assertEquals(200, given().header("Origin", publicOrigin()).header("X-Forwarded-For", Api.newClientAddress())
                .contentType(FORM).formParams(signingFields(slug, "origin")).post("/c/{slug}", slug).statusCode());
        // An older browser that sends no Origin: the Referer our public pages allow (Referrer-Policy: same-origin).
        given().get("/c/{slug}", slug).then().header("Referrer-Policy", "same-origin");
        assertEquals(200, given().header("Referer", publicOrigin() + "/c/" + slug).header("X-Forwarded-For", Api.newClientAddress())
                .contentType(FORM).formParams(signingFields(slug, "referer")).post("/c/{slug}", slug).statusCode());
        assertEquals(3, Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
    }

    @Test
    void theApiTakesNoFormSoItsClientsAreNotAskedWhereFrom() throws Exception {
        // HTTP clients label an empty POST as a form; the API answers it as ever (it takes bearer tokens, never cookies).
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType(FORM).post("/api/admin/demo-campaigns")
                .then().statusCode(200);
        given().contentType(FORM).post("/api/admin/demo-campaigns").then().statusCode(401);
        // Spelled through the API's path, a page's form is still checked (decided on the routed path).
        String slug = Api.openCampaign(Api.newOrganiser("Api spelling organiser"));
        try (RawHttp http = new RawHttp("localhost", RestAssured.port)) {
            assertEquals(403, http.send("POST", "/api/../c/" + slug, Map.of("Content-Type", FORM), "name=Spelled").status());
        }
    }

    @Test
    void tokenFormsAreCheckedTooButTheOneClickUnsubscribeIsNot() {
        String slug = Api.openCampaign(Api.newOrganiser("Token forms organiser"));
        String email = Api.uniqueEmail("token-forms");
        Api.signAndConfirm(slug, Api.signature("Token Forms", email));
        var mail = Api.awaitMail(email, "Next steps");
        String remove = Api.removePath(mail);

        // The removal form, posted from elsewhere or with no evidence, removes nothing.
        assertEquals(403, given().contentType(FORM).post(remove).statusCode());
        assertEquals(403, given().header("Sec-Fetch-Site", "cross-site").contentType(FORM).post(remove).statusCode());
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email));

        // The one-click unsubscribe a mail provider posts, with no browser header at all, is authorised by its token.
        given().contentType(FORM).formParam("List-Unsubscribe", "One-Click").post(Api.unsubscribePath(mail)).then().statusCode(200);
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ? AND unsubscribed_at IS NOT NULL", email));
        // Not a token that does not verify.
        assertEquals(403, given().contentType(FORM).formParam("List-Unsubscribe", "One-Click").post("/u/1.not-a-signed-token").statusCode());

        // The removal button on its page, in a current browser (Origin: null there, as the page sends no referrer).
        Api.fromTokenPage().post(remove).then().statusCode(200).body(containsString("Your signature is removed"));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email));
    }

    /** The signing form's fields, with a stamp of a page served long enough ago for a person. */
    private Map<String, String> signingFields(String slug, String who) {
        String stamp = Jsoup.parse(given().get("/c/{slug}", slug).then().statusCode(200).extract().asString())
                .select("input[name=stamp]").attr("value");
        clock.advance(config.web().minimumTimeToSubmit().plus(Duration.ofSeconds(1)));
        Map<String, String> fields = new HashMap<>();
        fields.put("name", "Form " + who);
        fields.put("email", Api.uniqueEmail(who));
        fields.put("country", "GB");
        fields.put("stamp", stamp);
        return fields;
    }

    private String publicOrigin() {
        return config.publicBaseUrl().replaceFirst("^(https?://[^/]+).*$", "$1");
    }
}

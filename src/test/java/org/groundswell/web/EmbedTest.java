package org.groundswell.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.groundswell.support.Api;
import org.groundswell.support.MutableClock;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The campaign on other sites over HTTP: who may frame the widget (and that nothing else may be framed), its form
 * under the same rules as the page's, no cookies, caching, the origins' validation, the badge and the oEmbed document.
 */
@QuarkusTest
class EmbedTest {

    private static final Duration PAST_BOT_THRESHOLD = Duration.ofSeconds(6);
    private static final String STRICT = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @Inject
    MutableClock clock;

    static String publicUrl() {
        String url = ConfigProvider.getConfig().getValue("groundswell.public-url", String.class);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String campaignWithOrigins(String organiser, List<String> origins) {
        String slug = Api.unique("embed");
        Map<String, Object> campaign = Api.campaign(slug, "OPEN", List.of(Api.emailStep()));
        campaign.put("embedOrigins", origins);
        Api.createCampaign(organiser, campaign);
        return slug;
    }

    @Test
    void theWidgetMayBeFramedByTheCampaignsOriginsOnlyAndNothingElseMayBeFramed() {
        String organiser = Api.newOrganiser("Embed headers");
        String slug = campaignWithOrigins(organiser, List.of("https://partner.example.org", "http://localhost:3000"));
        for (int i = 0; i < 2; i++) { // built by the resource, then served from memory in front of it
            Response widget = given().get("/c/{slug}/embed", slug);
            assertEquals(200, widget.statusCode());
            assertEquals("default-src 'self'; frame-ancestors https://partner.example.org http://localhost:3000; form-action 'self'; base-uri 'none'",
                    widget.header("Content-Security-Policy"));
            assertNull(widget.header("X-Frame-Options"));
            assertNull(widget.header("Set-Cookie"));
            assertTrue(widget.header("Cache-Control").startsWith("public"), widget.header("Cache-Control"));
            assertNotNull(widget.header("ETag"));
            Document page = Jsoup.parse(widget.asString());
            assertEquals("/c/" + slug + "/embed", page.selectFirst("form").attr("action"));
            assertEquals("https://partner.example.org http://localhost:3000", page.selectFirst("script[src=/static/embed-frame.js]").attr("data-origins"));
            assertEquals(1, page.select("input[name=stamp]").size());
        }
        String etag = given().get("/c/{slug}/embed", slug).header("ETag");
        Response notModified = given().header("If-None-Match", etag).get("/c/{slug}/embed", slug);
        assertEquals(304, notModified.statusCode());

        // Every other page keeps frame-ancestors 'none', the campaign page included.
        for (String path : List.of("/c/" + slug, "/", "/c/no-such-campaign/embed", "/c/no-such-campaign")) {
            Response other = given().get(path);
            assertEquals(STRICT, other.header("Content-Security-Policy"), path);
            assertEquals("DENY", other.header("X-Frame-Options"), path);
            assertNull(other.header("Set-Cookie"), path);
        }

        // No origins listed: any https: page may frame it (and no http: one).
        String open = campaignWithOrigins(organiser, List.of());
        assertEquals("default-src 'self'; frame-ancestors https:; form-action 'self'; base-uri 'none'",
                given().get("/c/{slug}/embed", open).header("Content-Security-Policy"));

        // An edit of the list is seen by the widget's headers within the cache's second or so.
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("embedOrigins", List.of("https://news.example.com")))
                .patch("/api/campaigns/{slug}", open).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                "default-src 'self'; frame-ancestors https://news.example.com; form-action 'self'; base-uri 'none'"
                        .equals(given().get("/c/{slug}/embed", open).header("Content-Security-Policy")));
    }

    @Test
    void theWidgetsFormKeepsThePagesRulesAndItsAnswersStayFramable() throws Exception {
        String slug = campaignWithOrigins(Api.newOrganiser("Embed form"), List.of("https://partner.example.org"));
        String policy = "default-src 'self'; frame-ancestors https://partner.example.org; form-action 'self'; base-uri 'none'";
        Document served = Jsoup.parse(given().get("/c/{slug}/embed", slug).asString());
        String stamp = served.selectFirst("input[name=stamp]").attr("value");
        String email = Api.uniqueEmail("embed");
        Map<String, String> fields = new HashMap<>(Map.of("stamp", stamp, "website", "", "name", "Ada Lovelace", "email", email,
                "country", "GB"));

        // Proof of our own origin is asked of the widget's form like of every other form.
        assertEquals(403, given().header("Sec-Fetch-Site", "cross-site").contentType("application/x-www-form-urlencoded")
                .formParams(fields).post("/c/{slug}/embed", slug).statusCode());
        assertEquals(403, given().contentType("application/x-www-form-urlencoded").formParams(fields)
                .post("/c/{slug}/embed", slug).statusCode());

        // Too fast: the form again, in the frame, with the stamp it goes on with.
        Response tooFast = post(slug, fields);
        assertEquals(400, tooFast.statusCode());
        assertEquals(policy, tooFast.header("Content-Security-Policy"));
        assertEquals("no-store", tooFast.header("Cache-Control"));
        assertEquals(stamp, Jsoup.parse(tooFast.asString()).selectFirst("input[name=stamp]").attr("value"));

        clock.advance(PAST_BOT_THRESHOLD);
        Map<String, String> typo = new HashMap<>(fields);
        typo.put("email", "not-an-address");
        Response errors = post(slug, typo);
        assertEquals(400, errors.statusCode());
        assertEquals(policy, errors.header("Content-Security-Policy"));
        assertNull(errors.header("X-Frame-Options"));
        Document again = Jsoup.parse(errors.asString());
        assertEquals("not-an-address", again.getElementById("email").attr("value"));
        assertNotNull(again.getElementById("email-error"));
        assertEquals("/c/" + slug + "/embed", again.selectFirst("form").attr("action"));
        assertNull(again.selectFirst("header.site"), "compact: no site header");

        Response thanks = post(slug, fields);
        assertEquals(200, thanks.statusCode(), thanks.asString());
        assertEquals(policy, thanks.header("Content-Security-Policy"));
        assertNull(thanks.header("Set-Cookie"));
        Document page = Jsoup.parse(thanks.asString());
        assertEquals("Check your e-mail", page.selectFirst("h1").text());
        assertEquals("_blank", page.selectFirst("a[href$=/c/" + slug + "]").attr("target"), "the campaign page opens outside the frame");
        Api.awaitMail(email, "Please confirm");
    }

    private static Response post(String slug, Map<String, String> fields) {
        return given().header("Sec-Fetch-Site", "same-origin").header("X-Forwarded-For", Api.newClientAddress())
                .contentType("application/x-www-form-urlencoded").formParams(fields).post("/c/{slug}/embed", slug);
    }

    @Test
    void embedOriginsAreValidatedAsProblems() {
        String organiser = Api.newOrganiser("Embed origins");
        String slug = campaignWithOrigins(organiser, List.of("HTTPS://Partner.Example.org/", "https://partner.example.org:443"));
        given().get("/api/campaigns/{slug}", slug).then().statusCode(200)
                .body("embedOrigins", org.hamcrest.Matchers.equalTo(List.of("https://partner.example.org")));

        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("embedOrigins", List.of("https://ok.example.org", "http://partner.example.org", "https://*.example.org",
                        "https://partner.example.org/page")))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.equalTo(List.of("embedOrigins[1]", "embedOrigins[2]", "embedOrigins[3]")));
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("https://site" + i + ".example.org");
        }
        Map<String, Object> tooMany = Api.campaign(Api.unique("embed"), "OPEN", List.of());
        tooMany.put("embedOrigins", many);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser).body(tooMany)
                .post("/api/campaigns").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(org.hamcrest.Matchers.endsWith("embedOrigins")));
        // Nothing of a refused list was kept.
        given().get("/api/campaigns/{slug}", slug).then().body("embedOrigins", org.hamcrest.Matchers.equalTo(List.of("https://partner.example.org")));
    }

    @Test
    void theScriptIsSmallCacheableAndSelfContained() {
        Response script = given().get("/embed.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.contentType().startsWith("text/javascript"), script.contentType());
        assertEquals("public, max-age=3600", script.header("Cache-Control"));
        assertNull(script.header("Set-Cookie"));
        String body = script.asString();
        assertTrue(body.length() < 4000, "small: " + body.length());
        assertTrue(body.contains("event.origin !== origin") && body.contains("event.source !== frame.contentWindow"));
        for (String fetches : List.of("fetch(", "XMLHttpRequest", "createElement('script')", "document.cookie", "Storage", "import(")) {
            assertFalse(body.contains(fetches), "loads nothing else, keeps nothing: " + fetches);
        }
        assertEquals(304, given().header("If-None-Match", script.header("ETag")).get("/embed.js").statusCode());

        String frame = given().get("/static/embed-frame.js").then().statusCode(200).extract().asString();
        assertTrue(frame.contains("postMessage({ type: 'groundswell:height', height: height }, parentOrigin)"));
        assertFalse(frame.contains("'*'"), "never posted to any origin");
    }

    @Test
    void theBadgeShowsTheCountAccessiblyAndBriefly() {
        String slug = campaignWithOrigins(Api.newOrganiser("Embed badge"), List.of());
        Api.signAndConfirm(slug, Api.signature("Badge Signer", Api.uniqueEmail("badge")));
        Api.awaitSignatureCount(slug, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/c/{slug}/badge.svg", slug).asString().contains("1 of 100 signatures"));
        Response badge = given().get("/c/{slug}/badge.svg", slug);
        assertEquals(200, badge.statusCode());
        assertTrue(badge.contentType().startsWith("image/svg+xml"), badge.contentType());
        assertEquals("public, max-age=5", badge.header("Cache-Control"));
        assertNull(badge.header("Set-Cookie"));
        Document image = Jsoup.parse(badge.asString(), "", Parser.xmlParser());
        assertEquals("img", image.selectFirst("svg").attr("role"));
        assertEquals("Campaign " + slug + ": 1 of 100 signatures (1%)", image.selectFirst("title").text());
        assertEquals(304, given().header("If-None-Match", badge.header("ETag")).get("/c/{slug}/badge.svg", slug).statusCode());
        given().get("/c/no-such-campaign/badge.svg").then().statusCode(404);
    }

    @Test
    void oEmbedGivesTheWidgetsFrameForACampaignsUrl() {
        String slug = campaignWithOrigins(Api.newOrganiser("Embed oembed"), List.of());
        String url = publicUrl() + "/c/" + slug;
        given().queryParam("url", url).queryParam("format", "json").get("/oembed").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("type", org.hamcrest.Matchers.equalTo("rich"))
                .body("version", org.hamcrest.Matchers.equalTo("1.0"))
                .body("title", org.hamcrest.Matchers.equalTo("Campaign " + slug))
                .body("provider_name", org.hamcrest.Matchers.equalTo("Groundswell"))
                .body("provider_url", org.hamcrest.Matchers.equalTo(publicUrl() + "/"))
                .body("width", org.hamcrest.Matchers.equalTo(480))
                .body("height", org.hamcrest.Matchers.equalTo(720));
        String html = given().queryParam("url", url).get("/oembed").then().statusCode(200).extract().path("html");
        Document frame = Jsoup.parse(html);
        assertEquals(url + "/embed", frame.selectFirst("iframe").attr("src"));
        assertEquals("Sign: Campaign " + slug, frame.selectFirst("iframe").attr("title"));
        given().queryParam("url", url).queryParam("maxwidth", "320").queryParam("maxheight", "400").get("/oembed").then()
                .statusCode(200).body("width", org.hamcrest.Matchers.equalTo(320)).body("height", org.hamcrest.Matchers.equalTo(400));

        given().queryParam("url", url).queryParam("format", "xml").get("/oembed").then().statusCode(501);
        given().queryParam("url", "https://elsewhere.example.org/c/" + slug).queryParam("format", "json").get("/oembed").then().statusCode(404);
        given().queryParam("url", publicUrl() + "/c/no-such-campaign").get("/oembed").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/oembed").then().statusCode(404);

        // Discovery: the campaign page names its oEmbed document.
        Document page = Jsoup.parse(given().get("/c/{slug}", slug).asString());
        String discovered = page.selectFirst("link[rel=alternate][type=application/json+oembed]").attr("href");
        assertEquals(publicUrl() + "/oembed?url=" + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8) + "&format=json",
                discovered);
    }
}

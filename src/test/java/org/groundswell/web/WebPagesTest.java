package org.groundswell.web;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.groundswell.support.MutableClock;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class WebPagesTest {

    private static final String HOSTILE = "<script>alert(\"pwned\")</script> & 'quotes' \"double\" <img src=x onerror=alert(1)>";

    /** Longer than the form's minimum time to submit (5 s in tests, so a quick resubmission stays quick on a busy machine): what a person takes. */
    private static final Duration PAST_BOT_THRESHOLD = Duration.ofSeconds(6);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MutableClock clock;

    /** A served form: its page and hidden fields. */
    record ServedForm(Document page, Map<String, String> hidden) {
    }

    static ServedForm serve(String slug) {
        Response response = given().get("/c/{slug}", slug);
        assertEquals(200, response.statusCode());
        Document page = Jsoup.parse(response.asString());
        Map<String, String> hidden = new HashMap<>();
        for (Element input : page.select("form input[type=hidden]")) {
            hidden.put(input.attr("name"), input.attr("value"));
        }
        return new ServedForm(page, hidden);
    }

    /** The page as served after {@code before}: a new rendering, with a new time stamp. */
    static ServedForm serveAnew(String slug, ServedForm before) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> !serve(slug).hidden().get("stamp").equals(before.hidden().get("stamp")));
        return serve(slug);
    }

    /** The origin of the service's public URL: where the browsers see our pages. */
    static String publicOrigin() {
        return ConfigProvider.getConfig().getValue("groundswell.public-url", String.class).replaceFirst("^(https?://[^/]+).*$", "$1");
    }

    /** Posts the form as a current browser on our own page does: it says where the form comes from. */
    static Response submit(String slug, ServedForm form, Map<String, String> fields) {
        Map<String, String> all = new HashMap<>(form.hidden());
        all.putAll(fields);
        return given().header("Sec-Fetch-Site", "same-origin").header("Origin", publicOrigin())
                .header("X-Forwarded-For", Api.newClientAddress())
                .contentType("application/x-www-form-urlencoded").formParams(all).post("/c/{slug}", slug);
    }

    @Test
    void aSupporterSignsThroughTheFormAndGetsTheMail() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Web organiser"));
        ServedForm form = serve(slug);
        assertEquals(Set.of("stamp"), form.hidden().keySet(), "nothing per visitor in the page but the shared stamp");
        assertFalse(form.page().select("#consent").hasAttr("checked"), "consent is unchecked by default");
        clock.advance(PAST_BOT_THRESHOLD);
        String email = Api.uniqueEmail("web");
        Response answer = submit(slug, form, Map.of("name", "Grace Hopper", "email", email, "country", "GB", "postalCode", "EC1A 1BB", "consent", "on"));
        assertEquals(200, answer.statusCode(), answer.asString());
        assertTrue(Jsoup.parse(answer.asString()).select("h1").text().contains("Check your e-mail"));
        assertEquals(1, rows(slug, email));
        assertEquals("t", column(slug, email, "consent_to_updates"));
        Api.awaitMail(email, "Please confirm");
    }

    @Test
    void errorsStandNextToTheirFieldsAndTheFormKeepsWhatWasTyped() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Web errors"));
        ServedForm form = serve(slug);
        clock.advance(PAST_BOT_THRESHOLD);
        Response answer = submit(slug, form, Map.of("name", "Typed Name", "email", "not-an-address", "country", "US", "state", "WA", "district", "x7"));
        assertEquals(400, answer.statusCode());
        Document page = Jsoup.parse(answer.asString());
        Element email = page.getElementById("email");
        assertEquals("not-an-address", email.attr("value"));
        assertEquals("true", email.attr("aria-invalid"));
        assertEquals("email-error", email.attr("aria-describedby"));
        assertTrue(page.getElementById("email-error").text().contains("valid e-mail"), page.getElementById("email-error").text());
        assertEquals(email.parent(), page.getElementById("email-error").parent(), "the error stands next to its field");
        assertNotNull(page.getElementById("district-error"));
        assertEquals("Typed Name", page.getElementById("name").attr("value"));
        assertEquals("US", page.select("#country option[selected]").attr("value"));
        assertEquals("WA", page.select("#state option[selected]").attr("value"));
        assertEquals(0, rowsForCampaign(slug));
    }

    @Test
    void formsAreProtectedAgainstCsrfAndBots() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Web guard"));
        ServedForm form = serve(slug);
        clock.advance(PAST_BOT_THRESHOLD);
        Map<String, String> fields = Map.of("name", "Guarded", "email", Api.uniqueEmail("guard"), "country", "GB");
        // A form a browser says comes from another site is refused.
        Map<String, String> forged = new HashMap<>(form.hidden());
        forged.putAll(fields);
        assertEquals(403, given().header("Origin", "https://evil.example").contentType("application/x-www-form-urlencoded")
                .formParams(forged).post("/c/{slug}", slug).statusCode());
        assertEquals(403, given().header("Sec-Fetch-Site", "cross-site").header("Origin", publicOrigin())
                .contentType("application/x-www-form-urlencoded").formParams(forged).post("/c/{slug}", slug).statusCode());
        assertEquals(403, given().header("Sec-Fetch-Site", "same-site").contentType("application/x-www-form-urlencoded")
                .formParams(forged).post("/c/{slug}", slug).statusCode());
        assertEquals(403, given().header("Origin", "null").header("Referer", "https://evil.example/c/" + slug)
                .contentType("application/x-www-form-urlencoded").formParams(forged).post("/c/{slug}", slug).statusCode());
        assertEquals(0, rowsForCampaign(slug));
        // A bot fills the honeypot: it is told "check your e-mail" and nothing is stored.
        Map<String, String> honeypot = new HashMap<>(fields);
        honeypot.put("website", "http://spam.example");
        Response bot = submit(slug, form, honeypot);
        assertEquals(200, bot.statusCode());
        assertTrue(bot.asString().contains("Check your e-mail"));
        // Sent back in no time (a bot, or autofill): the form comes back, keeping the first stamp, and nothing is stored.
        ServedForm fresh = serveAnew(slug, form);
        String speedy = Api.uniqueEmail("fast");
        Response fast = submit(slug, fresh, Map.of("name", "Speedy", "email", speedy, "country", "GB"));
        assertEquals(400, fast.statusCode());
        Document again = Jsoup.parse(fast.asString());
        assertTrue(again.select("p.error[role=alert]").text().contains("send the form again"));
        assertEquals(fresh.hidden().get("stamp"), again.select("input[name=stamp]").attr("value"));
        assertEquals("Speedy", again.getElementById("name").attr("value"));
        assertEquals(0, rowsForCampaign(slug));
        // A forged time stamp does not pass either.
        Map<String, String> backdated = new HashMap<>(fields);
        backdated.put("stamp", "1000." + form.hidden().get("stamp").split("\\.")[1]);
        assertEquals(400, submit(slug, form, backdated).statusCode());
        // A post with no stamp at all is a bot: it hears "check your e-mail" and nothing is stored.
        Map<String, String> unstamped = new HashMap<>(fields);
        unstamped.put("stamp", "");
        assertEquals(200, submit(slug, form, unstamped).statusCode());
        assertEquals(0, rowsForCampaign(slug));
        // The person who was too quick sends again a moment later, and it counts.
        clock.advance(PAST_BOT_THRESHOLD);
        assertEquals(200, submit(slug, fresh, Map.of("name", "Speedy", "email", speedy, "country", "GB")).statusCode());
        assertEquals(1, rowsForCampaign(slug));
        // A browser that names the site with Sec-Fetch-Site (and no Origin) is let through as well.
        Map<String, String> viaFetchMetadata = new HashMap<>(form.hidden());
        viaFetchMetadata.putAll(Map.of("name", "Fetch Metadata", "email", Api.uniqueEmail("fetch"), "country", "GB"));
        assertEquals(200, given().header("Sec-Fetch-Site", "same-origin").contentType("application/x-www-form-urlencoded")
                .formParams(viaFetchMetadata).post("/c/{slug}", slug).statusCode());
        assertEquals(2, rowsForCampaign(slug));
        // "Origin: null" proves nothing (a sandboxed frame or a data: page elsewhere sends it too): refused.
        Map<String, String> legacy = new HashMap<>(form.hidden());
        legacy.putAll(Map.of("name", "Old Browser", "email", Api.uniqueEmail("legacy"), "country", "GB"));
        assertEquals(403, given().header("Origin", "null").contentType("application/x-www-form-urlencoded")
                .formParams(legacy).post("/c/{slug}", slug).statusCode());
        assertEquals(2, rowsForCampaign(slug));
        // An older browser that sends neither Sec-Fetch-Site nor Origin sends the Referer our public pages allow.
        assertEquals(200, given().header("Referer", publicOrigin() + "/c/" + slug).contentType("application/x-www-form-urlencoded")
                .formParams(legacy).post("/c/{slug}", slug).statusCode());
        assertEquals(3, rowsForCampaign(slug));
    }

    @Test
    void pagesEscapeUserAndOrganiserText() throws Exception {
        String organiser = Api.newOrganiser("Hostile organiser");
        String slug = Api.unique("hostile");
        Map<String, Object> campaign = new HashMap<>(Api.campaign(slug, "OPEN", List.of(Api.emailStep())));
        campaign.put("title", HOSTILE);
        campaign.put("summary", HOSTILE);
        campaign.put("body", HOSTILE + "\n\nSecond paragraph " + HOSTILE);
        Api.createCampaign(organiser, campaign);
        for (String path : List.of("/c/" + slug, "/")) {
            Document page = Jsoup.parse(given().get(path).then().statusCode(200).extract().asString());
            assertTrue(page.select("script").isEmpty(), path + " has no script element");
            assertTrue(page.select("img").isEmpty(), path + " has no injected image");
            assertTrue(page.select("main").text().contains(HOSTILE), path + " shows the text as text");
        }
        Document page = Jsoup.parse(given().get("/c/" + slug).asString());
        assertEquals(HOSTILE, page.select("meta[property=og:title]").attr("content"));
        assertEquals(HOSTILE + " · Groundswell", page.title());

        String email = Api.uniqueEmail("hostile");
        String token = Api.signAndGetToken(slug, Api.signature(HOSTILE, email));
        Document confirmed = Jsoup.parse(Api.confirmByLink(token).statusCode(200).extract().asString());
        assertTrue(confirmed.select("script").isEmpty());
        assertTrue(confirmed.select("main").text().contains(HOSTILE));
    }

    @Test
    void unknownAndClosedCampaigns() {
        Response missing = given().get("/c/{slug}", "no-such-campaign");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.contentType().startsWith("text/html"));
        assertTrue(Jsoup.parse(missing.asString()).select("h1").text().contains("not found"));

        String organiser = Api.newOrganiser("Closer");
        String slug = Api.openCampaign(organiser);
        String token = Api.signAndGetToken(slug, Api.signature("Last One", Api.uniqueEmail("closed")));
        Api.confirmByLink(token).statusCode(200);
        Api.awaitSignatureCount(slug, 1);
        given().contentType("application/json").header("Authorization", "Bearer " + organiser).body(Map.of("status", "CLOSED"))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(200);
        Document closed = Jsoup.parse(given().get("/c/{slug}", slug).then().statusCode(200).extract().asString());
        assertTrue(closed.select("form").isEmpty(), "no form on a closed campaign");
        assertTrue(closed.getElementById("count").text().startsWith("1 of 100 signatures (final count"), closed.getElementById("count").text());
        // When it closed, in the reader's terms, with the exact moment in a <time> element; the page is rebuilt
        // within a second, so "ago" moves on with the clock.
        String closedAt = Db.value(dataSource, "SELECT to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM campaign WHERE slug = ?", slug);
        clock.advance(Duration.ofHours(2));
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Element time = Jsoup.parse(given().get("/c/{slug}", slug).asString()).selectFirst("#count time");
            assertNotNull(time);
            assertEquals("2 hours ago", time.text());
            assertEquals(closedAt, time.attr("datetime"));
            assertTrue(time.attr("title").matches("\\d{1,2} [A-Z][a-z]+ \\d{4}, \\d{2}:\\d{2} UTC"), time.attr("title"));
        });
        assertFalse(given().get("/").asString().contains("/c/" + slug + "\""), "closed campaigns leave the list of open ones");
    }

    @Test
    void everyPageHasATitleALanguageAndALabelForEveryInput() throws Exception {
        String organiser = Api.newOrganiser("Accessible");
        String slug = Api.openCampaign(organiser);
        ServedForm form = serve(slug);
        clock.advance(PAST_BOT_THRESHOLD);
        String email = Api.uniqueEmail("a11y");
        Map<String, String> pages = new HashMap<>();
        pages.put("index", given().get("/").asString());
        pages.put("campaign", form.page().outerHtml());
        pages.put("campaign with errors", submit(slug, form, Map.of("name", "", "email", "bad", "country", "")).asString());
        pages.put("check your e-mail", submit(slug, form, Map.of("name", "A11y", "email", email, "country", "GB")).asString());
        pages.put("confirmed", Api.confirmByLink(Api.confirmationToken(Api.awaitMail(email, "Please confirm"))).extract().asString());
        pages.put("not found", given().get("/c/missing-campaign").asString());
        pages.put("bad link", given().get("/confirm/not-a-valid-token-000000000000").asString());
        for (Map.Entry<String, String> entry : pages.entrySet()) {
            HtmlChecks.assertAccessible(entry.getKey(), Jsoup.parse(entry.getValue()));
        }
        assertTrue(pages.get("campaign with errors").contains("name-error"));
    }

    private long rows(String slug, String email) {
        return Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.email = ?", slug, email);
    }

    private long rowsForCampaign(String slug) {
        return Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug);
    }

    private String column(String slug, String email, String column) {
        return Db.value(dataSource, "SELECT s." + column + " FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.email = ?", slug, email);
    }
}

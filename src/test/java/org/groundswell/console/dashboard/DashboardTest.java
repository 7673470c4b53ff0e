package org.groundswell.console.dashboard;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Console;
import org.groundswell.support.Db;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard over HTTP in the console, as its owner sees it: counts, the hour's bar, the WA tile, places, milestones and mail. */
@QuarkusTest
class DashboardTest {

    @Inject
    AgroalDataSource dataSource;

    /** The dashboard in the console, with a session's cookie. */
    private static Document dashboard(String session, String slug) {
        Response response = given().redirects().follow(false).cookie(Console.COOKIE, session).get("/organise/campaigns/{slug}", slug);
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        assertEquals("no-store", response.header("Cache-Control"));
        return Jsoup.parse(response.asString());
    }

    private static long figure(Document page, String id) {
        return Long.parseLong(page.getElementById(id).attr("data-value"));
    }

    private static Element tile(Document page, String state) {
        return page.selectFirst("svg.tilemap g.tile[data-state=" + state + "]");
    }

    /** The bar of the current hour: the last of the per-hour chart. */
    private static long currentHour(Document page) {
        List<Element> bars = page.select("section[aria-labelledby=per-hour-heading] svg rect.bar");
        assertEquals(48, bars.size(), "one bar per hour of the last 48");
        return Long.parseLong(bars.get(bars.size() - 1).attr("data-value"));
    }

    private static Map<String, Object> usSigner(String email, String state, int district) {
        Map<String, Object> signature = new HashMap<>(Api.signature("US Signer", email));
        signature.put("country", "US");
        signature.put("region", state);
        signature.put("district", district);
        signature.put("postalCode", "98101");
        return signature;
    }

    @Test
    void showsTheCampaignsCountsChartsPlacesMilestonesAndMailAsTheyChange() {
        Console.Organiser owner = Console.newOrganiser("Dashboard Owner");
        String organiser = owner.token();
        String session = Console.signIn(owner.email());
        String slug = Api.unique("dash");
        Map<String, Object> campaign = new HashMap<>(Api.campaign(slug, "OPEN", List.of(Api.emailStep())));
        campaign.put("goal", 20); // 10 % is 2 confirmed signatures
        Api.createCampaign(organiser, campaign);

        Document empty = dashboard(session, slug);
        assertEquals(1, empty.select("h1").size());
        assertEquals("Campaign " + slug, empty.selectFirst("h1").text());
        assertEquals(0, figure(empty, "confirmed"));
        assertEquals(0, figure(empty, "pending"));
        assertEquals(0, currentHour(empty));
        assertEquals("0", tile(empty, "WA").attr("data-count"));
        assertEquals("0", tile(empty, "WA").attr("data-step"));
        assertEquals(51, empty.select("svg.tilemap g.tile").size());
        for (Element svg : empty.select("svg")) {
            assertEquals("img", svg.attr("role"));
            assertFalse(svg.select("title").isEmpty(), "every chart has a title");
            assertFalse(svg.select("desc").text().isBlank(), "every chart has a text summary");
        }
        assertTrue(empty.select("script").isEmpty(), "no script");
        for (Element link : empty.select("link[rel=stylesheet]")) {
            assertTrue(link.attr("href").startsWith("/"), "nothing loaded from another origin: " + link.attr("href"));
        }

        // Two sign and confirm (one in WA-7, one in the UK); one from WA waits; one from another domain is invalidated.
        String wa = Api.uniqueEmail("wa");
        Api.signAndConfirm(slug, usSigner(wa, "WA", 7));
        Api.signAndConfirm(slug, Api.signature("UK Signer", Api.uniqueEmail("uk")));
        Api.sign(slug, usSigner(Api.uniqueEmail("waits"), "WA", 7)).statusCode(202);
        Api.sign(slug, Api.signature("Spam", Api.unique("spam") + "@spam.example")).statusCode(202);
        given().header("Authorization", "Bearer " + organiser).contentType("application/json")
                .body(Map.of("domain", "spam.example")).post("/api/campaigns/{slug}/review/invalidate", slug)
                .then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Document page = dashboard(session, slug);
            assertEquals(2, figure(page, "confirmed"));
            assertEquals(1, figure(page, "pending"));
            assertEquals(0, figure(page, "held"));
            assertEquals("67%", page.getElementById("confirmation-rate").text());
            assertEquals(2, currentHour(page), "the current hour's bar");
            assertEquals("1", tile(page, "WA").attr("data-count"));
            assertEquals("5", tile(page, "WA").attr("data-step"), "the only state with signatures: the darkest shade");
            assertEquals("Washington: 1", tile(page, "WA").selectFirst("title").text());
            assertEquals("0", tile(page, "OR").attr("data-count"));
            assertTrue(page.getElementById("districts").text().contains("WA-07"), page.getElementById("districts").text());
            assertTrue(page.getElementById("countries").text().contains("United Kingdom"), page.getElementById("countries").text());
            assertEquals(1, page.select("#milestones li").size(), "10 % of 20 reached");
            assertTrue(page.selectFirst("#milestones time").hasAttr("datetime"));
            // 4 confirmations (the invalidated one's cancelled or sent), 2 steps mails, 1 milestone notice to the organiser
            assertEquals(0, figure(page, "mail-queued"));
            assertTrue(figure(page, "mail-sent") >= 6 && figure(page, "mail-sent") <= 7, "sent: " + figure(page, "mail-sent"));
            assertEquals(0, figure(page, "mail-failed"));
        });

        // The counters agree with the rows they count.
        String id = Db.value(dataSource, "SELECT id FROM campaign WHERE slug = ?", slug);
        long campaignId = Long.parseLong(id);
        for (String status : List.of("PENDING", "HELD", "CONFIRMED", "INVALIDATED")) {
            assertEquals(Db.count(dataSource, "SELECT count(*) FROM signature WHERE campaign_id = ? AND status = ?", campaignId, status),
                    Db.count(dataSource, "SELECT " + status.toLowerCase() + " FROM campaign_activity WHERE campaign_id = ?", campaignId), status);
        }
        assertEquals(4, Db.count(dataSource, "SELECT sum(signed) FROM campaign_hourly_count WHERE campaign_id = ?", campaignId));
        assertEquals(Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE campaign_id = ? AND status = 'SENT'", campaignId),
                Db.count(dataSource, "SELECT mail_sent FROM campaign_activity WHERE campaign_id = ?", campaignId));
        Document page = dashboard(session, slug);
        assertTrue(page.text().contains("1 hour ago") || page.text().contains("just now") || page.text().contains("minute"),
                "milestone time for people");
    }

    @Test
    void onlyItsTeamSeesItInTheConsole() {
        Console.Organiser owner = Console.newOrganiser("Owner");
        Console.Organiser other = Console.newOrganiser("Other");
        String slug = Api.openCampaign(owner.token());
        String ownerSession = Console.signIn(owner.email());
        Document page = dashboard(ownerSession, slug);
        assertEquals(List.of("Dashboard", "Edit", "Preview", "Review", "Updates", "Export", "Team"),
                page.select("nav.campaign li a").eachText(), "the owner's navigation: every page");
        assertEquals("page", page.selectFirst("nav.campaign a[href=/organise/campaigns/" + slug + "]").attr("aria-current"));
        String otherSession = Console.signIn(other.email());
        given().redirects().follow(false).cookie(Console.COOKIE, otherSession).get("/organise/campaigns/{slug}", slug)
                .then().statusCode(404);
        given().redirects().follow(false).get("/organise/campaigns/{slug}", slug)
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/organise"));
        given().redirects().follow(false).cookie(Console.COOKIE, ownerSession).get("/organise/campaigns/{slug}", "no-such-campaign")
                .then().statusCode(404);
        given().header("Authorization", "Bearer " + owner.token()).get("/api/campaigns/{slug}/dashboard", slug).then().statusCode(404);
    }
}

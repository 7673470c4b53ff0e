package org.groundswell.console;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Console;
import org.groundswell.support.Db;
import org.groundswell.support.Mails;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages of one campaign in the console over HTTP: who may open which (viewer, editor, another organiser), the
 * review's confirmation step, updates' test and send, the team's invitation mail, and cross-site forms refused.
 */
@QuarkusTest
class CampaignPagesTest {

    private static final List<String> GETS = List.of("", "/review", "/review/release?by=domain&key=example.org",
            "/review/invalidate?by=domain&key=example.org", "/updates", "/export", "/export/signatures.csv", "/team");
    private static final Map<String, Map<String, String>> POSTS = Map.of(
            "/review/release", Map.of("by", "domain", "key", "example.org"),
            "/review/invalidate", Map.of("by", "domain", "key", "example.org"),
            "/updates/test", Map.of("subject", "Hello", "body", "News"),
            "/updates/confirm", Map.of("subject", "Hello", "body", "News"),
            "/updates/send", Map.of("subject", "Hello", "body", "News", "key", "k1"),
            "/team", Map.of("email", "someone@example.org", "role", "EDITOR"),
            "/team/remove", Map.of("email", "someone@example.org"));

    @Inject
    AgroalDataSource dataSource;

    private static Response get(String session, String path) {
        return given().redirects().follow(false).cookie(Console.COOKIE, session).get(path);
    }

    private static Response post(String session, String path, Map<String, String> form) {
        return Console.fromThisSite().cookie(Console.COOKIE, session).contentType(ContentType.URLENC).formParams(form).post(path);
    }

    private static String base(String slug) {
        return "/organise/campaigns/" + slug;
    }

    private static Document page(Response response, int status) {
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals("no-store", response.header("Cache-Control"));
        return Jsoup.parse(response.asString());
    }

    private static void invite(String ownerToken, String slug, String email, String role) {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ownerToken)
                .body(Map.of("email", email, "role", role)).post("/api/campaigns/{slug}/team", slug).then().statusCode(201);
    }

    @Test
    void aViewerSeesTheDashboardAndNothingOfSupportersAnotherOrganiserNothingAtAll() {
        Console.Organiser owner = Console.newOrganiser("Pages owner");
        String slug = Api.openCampaign(owner.token());
        String supporter = Api.uniqueEmail("supporter");
        Api.signAndConfirm(slug, Api.signature("Sam Supporter", supporter));
        String viewer = Api.uniqueEmail("viewer");
        invite(owner.token(), slug, viewer, "VIEWER");
        String viewerSession = Console.signIn(viewer);

        Document dashboard = page(get(viewerSession, base(slug)), 200);
        assertEquals(List.of("Dashboard"), dashboard.select("nav.campaign li a").eachText(), "a viewer's navigation");
        assertAll(GETS.stream().skip(1).map(path -> () -> {
            Response refused = get(viewerSession, base(slug) + path);
            assertTrue(refused.statusCode() == 403 || refused.statusCode() == 404, path + ": " + refused.statusCode());
            assertFalse(refused.asString().contains(supporter) || refused.asString().contains("Sam Supporter"), path + ": no supporter data");
        }));
        assertAll(POSTS.entrySet().stream().map(e -> () -> assertEquals(403,
                post(viewerSession, base(slug) + e.getKey(), e.getValue()).statusCode(), e.getKey())));

        Console.Organiser other = Console.newOrganiser("Another organiser");
        String otherSession = Console.signIn(other.email());
        assertAll(GETS.stream().map(path -> () -> assertEquals(404, get(otherSession, base(slug) + path).statusCode(), path)));
        assertAll(POSTS.entrySet().stream().map(e -> () -> assertEquals(404,
                post(otherSession, base(slug) + e.getKey(), e.getValue()).statusCode(), e.getKey())));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM campaign_update u JOIN campaign c ON c.id = u.campaign_id WHERE c.slug = ?", slug));

        // Without a session: the sign-in form.
        get(null, base(slug) + "/updates").then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/organise"));
    }

    @Test
    void aCrossSitePostWithAValidSessionIsRefusedAndChangesNothing() {
        Console.Organiser owner = Console.newOrganiser("Cross-site owner");
        String slug = Api.openCampaign(owner.token());
        String session = Console.signIn(owner.email());
        for (String site : List.of("cross-site", "same-site", "none")) {
            given().redirects().follow(false).header("Sec-Fetch-Site", site).cookie(Console.COOKIE, session)
                    .contentType(ContentType.URLENC).formParams(Map.of("subject", "Hi", "body", "News", "key", "x"))
                    .post(base(slug) + "/updates/send").then().statusCode(403);
            given().redirects().follow(false).header("Sec-Fetch-Site", site).cookie(Console.COOKIE, session)
                    .contentType(ContentType.URLENC).formParams(Map.of("email", "evil@example.org", "role", "EDITOR"))
                    .post(base(slug) + "/team").then().statusCode(403);
        }
        given().redirects().follow(false).header("Origin", "https://evil.example").cookie(Console.COOKIE, session)
                .contentType(ContentType.URLENC).formParams(Map.of("email", "evil@example.org", "role", "EDITOR"))
                .post(base(slug) + "/team").then().statusCode(403);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM campaign_update u JOIN campaign c ON c.id = u.campaign_id WHERE c.slug = ?", slug));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM campaign_member t JOIN campaign c ON c.id = t.campaign_id WHERE c.slug = ?", slug));
    }

    @Test
    void anEditorReleasesAHeldSignatureAfterTheConfirmationStepAndSendsATestToThemself() {
        Console.Organiser owner = Console.newOrganiser("Review owner");
        String slug = Api.openCampaign(owner.token());
        String editor = Api.uniqueEmail("editor");
        String ownerSession = Console.signIn(owner.email());
        post(ownerSession, base(slug) + "/team", Map.of("email", editor, "role", "EDITOR"))
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.containsString(base(slug) + "/team?invited="));
        String invitation = Mails.text(Api.awaitMail(editor, "invited"));
        assertTrue(invitation.contains("/organise") && invitation.contains("Campaign " + slug), invitation);
        assertTrue(page(get(ownerSession, base(slug) + "/team"), 200).text().contains(editor));
        String session = Console.signIn(editor);
        Document editorNav = page(get(session, base(slug)), 200);
        assertEquals(List.of("Dashboard", "Edit", "Preview", "Review", "Updates", "Export"), editorNav.select("nav.campaign li a").eachText());
        get(session, base(slug) + "/team").then().statusCode(403);

        // 21 signatures from one address in a minute: the last is held.
        String school = Api.newClientAddress();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            emails.add(Api.uniqueEmail("pupil"));
            Api.signFrom(school, slug, Api.signature("Pupil " + i, emails.get(i))).statusCode(202);
        }
        String heldEmail = Db.value(dataSource, "SELECT s.email FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.status = 'HELD'", slug);
        String hash = Db.value(dataSource, "SELECT client_hash FROM signature WHERE email = ?", heldEmail);

        Document queue = page(get(session, base(slug) + "/review"), 200);
        assertTrue(queue.select("th.key").eachText().contains(hash), queue.text());
        // The window's start in the reader's terms (24 hours back: "yesterday"), the exact moment beside it.
        org.jsoup.nodes.Element since = queue.selectFirst("h1 + p time");
        assertEquals("yesterday", since.text());
        java.time.Instant.parse(since.attr("datetime"));
        assertTrue(since.attr("title").endsWith(" UTC"), since.attr("title"));
        Document ask = page(get(session, base(slug) + "/review/release?by=address&key=" + hash), 200);
        assertEquals("Release 1 signature?", ask.selectFirst("h1").text());
        assertEquals("HELD", Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", heldEmail), "asking changes nothing");
        Map<String, String> form = new java.util.HashMap<>();
        ask.select("form[method=post] input[type=hidden]").forEach(i -> form.put(i.attr("name"), i.attr("value")));
        Response released = post(session, base(slug) + "/review/release", form);
        assertEquals(303, released.statusCode(), released.asString());
        assertTrue(page(get(session, released.header("Location").replaceFirst("^https?://[^/]+", "")), 200).text().contains("Released 1 signature"));
        assertEquals("PENDING", Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", heldEmail));
        Api.awaitMail(heldEmail, "onfirm");

        // A test goes to the person signed in (the editor), not to the owner.
        Response tested = post(session, base(slug) + "/updates/test", Map.of("subject", "Console test news", "body", "Dear {supporter.name}, thanks."));
        assertEquals(303, tested.statusCode(), tested.asString());
        assertTrue(Mails.text(Api.awaitMail(editor, "Console test news")).contains("thanks"));
        Document again = page(get(session, tested.header("Location").replaceFirst("^https?://[^/]+", "")), 200);
        assertEquals("Console test news", again.getElementById("subject").attr("value"), "the form still holds the update");
        assertTrue(Api.mailsTo(owner.email()).stream().noneMatch(m -> Mails.subject(m).contains("Console test news")));

        // A broken template is shown beside the field, and nothing is sent.
        Document broken = page(post(session, base(slug) + "/updates/confirm", Map.of("subject", "X", "body", "Hi {supporter.email}")), 400);
        assertFalse(broken.select("#body-error").text().isBlank(), broken.text());

        // Confirmation step: N shown (no supporter consented in this test: 0), and the send queues that many.
        Document confirm = page(post(session, base(slug) + "/updates/confirm", Map.of("subject", "Real news", "body", "Hello")), 200);
        assertEquals("Send to 0 supporters?", confirm.selectFirst("h1").text());
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM campaign_update u JOIN campaign c ON c.id = u.campaign_id WHERE c.slug = ? AND NOT u.test", slug));
        Map<String, String> send = new java.util.HashMap<>();
        confirm.select("form[action$=/updates/send] input[type=hidden]").forEach(i -> send.put(i.attr("name"), i.attr("value")));
        post(session, base(slug) + "/updates/send", send).then().statusCode(303);
        post(session, base(slug) + "/updates/send", send).then().statusCode(303); // pressed twice: sent once
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM campaign_update u JOIN campaign c ON c.id = u.campaign_id WHERE c.slug = ? AND NOT u.test", slug));
        Document list = page(get(session, base(slug) + "/updates"), 200);
        assertTrue(list.select("table.updates th").text().contains("Real news"), list.text());

        // The export: the CSV with the session.
        Response csv = get(session, base(slug) + "/export/signatures.csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());

        // The owner removes the editor: their session ends.
        post(ownerSession, base(slug) + "/team/remove", Map.of("email", editor)).then().statusCode(303);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Console.isSignedIn(session));
    }
}

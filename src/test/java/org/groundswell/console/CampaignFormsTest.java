package org.groundswell.console;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Console;
import org.groundswell.support.Db;
import org.groundswell.support.LegislatorData;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's campaign form and preview over HTTP: the API's rules and field errors, access, same-site posts, nothing sent by a preview. */
@QuarkusTest
class CampaignFormsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anOrganiserCreatesACampaignThroughTheFormAndStepCommandsKeepWhatWasTyped() {
        Console.Organiser organiser = Console.newOrganiser("Form organiser");
        String session = Console.signIn(organiser.email());
        Document blank = page(given().cookie(Console.COOKIE, session).get("/organise/campaigns/new"), 200);
        assertNotNull(blank.selectFirst("label[for=title]"));

        String slug = Api.unique("form");
        Map<String, String> form = campaignForm(slug, "DRAFT");
        form.put("action", "add-step");
        Document added = page(post("/organise/campaigns/new", session, form), 200);
        assertEquals("Fair rules for AI", added.getElementById("title").val(), "what was typed stays");
        assertEquals(1, added.select("fieldset.step").size());

        form = fields(added);
        form.put("steps[0].title", "E-mail the FTC");
        form.put("steps[0].target.name", "Federal Trade Commission");
        form.put("steps[0].target.email", "contact@ftc.gov");
        form.put("steps[0].instructions", "Send it.");
        form.put("steps[0].messageTemplate", "Dear {target.name},\nplease act.\n{supporter.name}");
        form.put("action", "add-step");
        form = fields(page(post("/organise/campaigns/new", session, form), 200));
        form.put("steps[1].title", "Your senators");
        form.put("steps[1].target.type", "SENATORS");
        form.put("steps[1].instructions", "Write to them.");
        form.put("action", "move-up-1");
        Document moved = page(post("/organise/campaigns/new", session, form), 200);
        assertEquals("Your senators", moved.getElementById("steps-0-title").val());
        assertEquals("E-mail the FTC", moved.getElementById("steps-1-title").val());
        assertEquals("Dear {target.name},\nplease act.\n{supporter.name}", moved.getElementById("steps-1-messageTemplate").val());

        form = fields(moved);
        form.put("action", "save");
        post("/organise/campaigns/new", session, form).then().statusCode(303)
                .header("Location", endsWith("/organise/campaigns/" + slug + "/edit?saved=created"));
        given().header("Authorization", "Bearer " + organiser.token()).get("/api/campaigns/{slug}", slug).then().statusCode(200)
                .body("status", equalTo("DRAFT")).body("goal", equalTo(25000))
                .body("steps.title", equalTo(List.of("Your senators", "E-mail the FTC")))
                .body("steps[1].target.email", equalTo("contact@ftc.gov"));

        form.put("status", "OPEN");
        form.put("title", "Fair rules for AI, now");
        form.put("action", "remove-step-0");
        Document removed = page(post("/organise/campaigns/" + slug + "/edit", session, form), 200);
        assertEquals(1, removed.select("fieldset.step").size());
        form = fields(removed);
        form.put("action", "save");
        post("/organise/campaigns/" + slug + "/edit", session, form).then().statusCode(303);
        // Campaigns are read through a cache that sees a change within a second.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/campaigns/{slug}", slug).then().statusCode(200).body("status", equalTo("OPEN"))
                        .body("title", equalTo("Fair rules for AI, now")).body("steps.title", equalTo(List.of("E-mail the FTC"))));
    }

    @Test
    void theSitesThatMayEmbedTheFormAreEditedLikeAnyField() {
        Console.Organiser organiser = Console.newOrganiser("Form embeds");
        String session = Console.signIn(organiser.email());
        String slug = Api.unique("form-embeds");
        Map<String, String> form = campaignForm(slug, "OPEN");
        form.put("embedOrigins", "https://partner.example.org\nhttp://partner.example.org\nhttps://news.example.com/petitions");
        form.put("action", "save");
        Document refused = page(post("/organise/campaigns/new", session, form), 400);
        assertError(refused, "embedOrigins", "'http://partner.example.org' must be https://");
        assertTrue(refused.getElementById("embedOrigins-error").text().contains("'https://news.example.com/petitions'"),
                "every bad origin is named: " + refused.getElementById("embedOrigins-error").text());
        assertEquals("https://partner.example.org\nhttp://partner.example.org\nhttps://news.example.com/petitions",
                refused.getElementById("embedOrigins").wholeText(), "what was typed stays");

        form.put("embedOrigins", "HTTPS://Partner.Example.org/\nhttp://localhost:3000");
        post("/organise/campaigns/new", session, form).then().statusCode(303);
        given().get("/api/campaigns/{slug}", slug).then().statusCode(200)
                .body("embedOrigins", equalTo(List.of("https://partner.example.org", "http://localhost:3000")));
        Document edit = page(given().cookie(Console.COOKIE, session).get("/organise/campaigns/{slug}/edit", slug), 200);
        assertEquals("https://partner.example.org\nhttp://localhost:3000", edit.getElementById("embedOrigins").wholeText());

        Map<String, String> cleared = fields(edit);
        cleared.put("embedOrigins", "");
        cleared.put("action", "save");
        post("/organise/campaigns/" + slug + "/edit", session, cleared).then().statusCode(303);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/campaigns/{slug}", slug).then().body("embedOrigins", equalTo(List.of())));
    }

    @Test
    void errorsComeBackBesideTheirFieldsAsTheApiReportsThem() {
        Console.Organiser organiser = Console.newOrganiser("Form errors");
        String session = Console.signIn(organiser.email());
        Map<String, String> form = campaignForm(Api.unique("form-errors"), "DRAFT");
        form.put("title", " ");
        form.put("goal", "many");
        form.putAll(step(0, "EMAIL", "FIXED", "Federal Trade Commission", "contact@ftc.gov", "Hello {target.name}"));
        form.putAll(step(1, "EMAIL", "FIXED", "Federal Trade Commission", "contact@ftc.gov", "Hello {supporter.email}"));
        Document invalid = page(post("/organise/campaigns/new", session, form), 400);
        assertError(invalid, "title", "must not be blank");
        assertError(invalid, "goal", "whole number");
        assertEquals("Hello {supporter.email}", invalid.getElementById("steps-1-messageTemplate").val());

        // The title fixed, the template's error comes from the same check the API runs, named as the API names it.
        form.put("title", "Fair rules");
        form.put("goal", "25,000");
        Document template = page(post("/organise/campaigns/new", session, form), 400);
        assertError(template, "steps-1-messageTemplate", "may only use");
        assertTrue(template.getElementById("steps-1-messageTemplate").attr("aria-describedby").contains("steps-1-messageTemplate-hint"));
        assertTrue(template.getElementById("steps-1-messageTemplate-hint").text().contains("{supporter.name}"));
        Map<String, Object> json = new HashMap<>(Api.campaign(Api.unique("form-errors"), "DRAFT", List.of(Api.emailStep(),
                Map.of("kind", "EMAIL", "title", "t", "instructions", "i", "target", Map.of("name", "FTC", "email", "contact@ftc.gov"),
                        "messageTemplate", "Hello {supporter.email}"))));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser.token()).body(json).post("/api/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("steps[1].messageTemplate"));

        form.put("steps[1].messageTemplate", "Hello {target.name}");
        form.put("steps[0].target.email", "");
        assertError(page(post("/organise/campaigns/new", session, form), 400), "steps-0-target-email", "needs the target's e-mail");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM campaign WHERE title = 'Fair rules' AND organiser_id = ?", organiser.id()));
    }

    @Test
    void onlyOwnersAndEditorsEditAndOnlyOrganisersCreate() {
        Console.Organiser owner = Console.newOrganiser("Form owner");
        String slug = Api.openCampaign(owner.token());
        String viewer = Api.uniqueEmail("form-viewer");
        String editor = Api.uniqueEmail("form-editor");
        invite(owner, slug, viewer, "VIEWER");
        invite(owner, slug, editor, "EDITOR");

        String viewerSession = Console.signIn(viewer);
        assertEquals(403, given().cookie(Console.COOKIE, viewerSession).get("/organise/campaigns/{slug}/edit", slug).statusCode());
        assertEquals(403, given().cookie(Console.COOKIE, viewerSession).get("/organise/campaigns/{slug}/preview", slug).statusCode());
        Map<String, String> change = campaignForm(slug, "OPEN");
        change.put("action", "save");
        assertEquals(403, post("/organise/campaigns/" + slug + "/edit", viewerSession, change).statusCode());
        Response notOrganiser = given().cookie(Console.COOKIE, viewerSession).get("/organise/campaigns/new");
        assertEquals(403, notOrganiser.statusCode());
        assertTrue(notOrganiser.asString().contains("Only organisers create campaigns"));
        assertEquals(403, post("/organise/campaigns/new", viewerSession, campaignForm(Api.unique("nope"), "DRAFT")).statusCode());

        String stranger = Console.signIn(Console.newOrganiser("Another organiser").email());
        assertEquals(404, given().cookie(Console.COOKIE, stranger).get("/organise/campaigns/{slug}/edit", slug).statusCode());
        assertEquals(404, given().cookie(Console.COOKIE, stranger).get("/organise/campaigns/{slug}/preview", slug).statusCode());
        assertEquals(404, post("/organise/campaigns/" + slug + "/edit", stranger, change).statusCode());
        given().get("/api/campaigns/{slug}", slug).then().body("title", equalTo("Campaign " + slug));

        String editorSession = Console.signIn(editor);
        Document form = page(given().cookie(Console.COOKIE, editorSession).get("/organise/campaigns/{slug}/edit", slug), 200);
        Map<String, String> edited = fields(form);
        edited.put("title", "Edited by the editor");
        edited.put("action", "save");
        post("/organise/campaigns/" + slug + "/edit", editorSession, edited).then().statusCode(303);
        // The public read of the campaign is served from memory for up to half a second (seen within a second).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/campaigns/{slug}", slug).then().body("title", equalTo("Edited by the editor")));

        given().redirects().follow(false).get("/organise/campaigns/{slug}/edit", slug).then().statusCode(303)
                .header("Location", endsWith("/organise"));
    }

    @Test
    void aCrossSitePostOfTheEditFormIsRefusedAndChangesNothing() {
        Console.Organiser owner = Console.newOrganiser("Cross-site");
        String slug = Api.openCampaign(owner.token());
        String session = Console.signIn(owner.email());
        Map<String, String> form = fields(page(given().cookie(Console.COOKIE, session).get("/organise/campaigns/{slug}/edit", slug), 200));
        form.put("title", "Hijacked");
        form.put("status", "CLOSED");
        form.put("action", "save");
        given().redirects().follow(false).header("Sec-Fetch-Site", "cross-site").header("Origin", "https://evil.example")
                .cookie(Console.COOKIE, session).contentType(ContentType.URLENC).formParams(form)
                .post("/organise/campaigns/{slug}/edit", slug).then().statusCode(403);
        given().redirects().follow(false).cookie(Console.COOKIE, session).contentType(ContentType.URLENC).formParams(form)
                .post("/organise/campaigns/{slug}/edit", slug).then().statusCode(403);
        given().get("/api/campaigns/{slug}", slug).then().body("title", equalTo("Campaign " + slug)).body("status", equalTo("OPEN"));
    }

    @Test
    void thePreviewShowsTheRealLegislatorsAndSendsAndStoresNothing() {
        LegislatorData.importOriginal();
        Console.Organiser owner = Console.newOrganiser("Preview");
        String slug = Api.unique("preview");
        Api.createCampaign(owner.token(), Api.campaign(slug, "DRAFT", List.of(
                Map.of("kind", "LETTER", "title", "Write to your senators", "instructions", "Post it.",
                        "target", Map.of("type", "SENATORS"), "messageTemplate", "Dear {target.salutation},\nfrom {supporter.name}"),
                Map.of("kind", "CALL", "title", "Call your representative", "instructions", "Call.",
                        "target", Map.of("type", "HOUSE_REPRESENTATIVE")),
                Api.emailStep())));
        long campaignId = Long.parseLong(Db.value(dataSource, "SELECT id FROM campaign WHERE slug = ?", slug));
        long outboxBefore = Db.count(dataSource, "SELECT count(*) FROM outbox_message");
        String session = Console.signIn(owner.email());

        Document preview = page(given().cookie(Console.COOKIE, session)
                .queryParams(Map.of("country", "US", "region", "WA", "district", "7", "name", "Ada Byron"))
                .get("/organise/campaigns/{slug}/preview", slug), 200);
        String confirmed = preview.selectFirst(".page-preview").text();
        String mail = preview.selectFirst(".mail-preview").text();
        for (String text : List.of(confirmed, mail)) {
            assertTrue(text.contains("Senator Maria Cantwell"), text);
            assertTrue(text.contains("Senator Patty Murray"), text);
            assertTrue(text.contains("Representative Pramila Jayapal"), text);
            assertTrue(text.contains("Dear Senator Cantwell,"), text);
            assertTrue(text.contains("Ada Byron"), text);
        }
        assertTrue(confirmed.contains("Your signature counts"), confirmed);
        assertEquals(List.of("Senator Maria Cantwell", "Senator Patty Murray", "Representative Pramila Jayapal"),
                preview.select(".place-members .member-name").eachText(), "who represents WA-7");
        assertTrue(preview.select(".place-members li").eachText().stream().allMatch(m -> m.endsWith("addressed by this campaign's steps")
                && !m.contains("not addressed")), "a senators step and a House step address all three");
        assertTrue(preview.selectFirst("pre.mail-text").text().contains("Federal Trade Commission"));
        assertEquals("Your signature counts. Next steps: Campaign " + slug, preview.selectFirst(".mail-subject").text());

        Document abroad = page(given().cookie(Console.COOKIE, session)
                .queryParams(Map.of("country", "GB", "region", "", "district", "", "name", "Grace"))
                .get("/organise/campaigns/{slug}/preview", slug), 200);
        assertTrue(abroad.selectFirst(".page-preview").text().contains("Federal Trade Commission"));
        assertTrue(abroad.selectFirst(".place-members").text().contains("Outside the United States"), abroad.selectFirst(".place-members").text());
        assertTrue(abroad.select(".place-members li").isEmpty());
        page(given().cookie(Console.COOKIE, session).queryParams(Map.of("country", "US", "region", "WA", "district", "99", "name", "X"))
                .get("/organise/campaigns/{slug}/preview", slug), 400).getElementById("district-error");

        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE campaign_id = ?", campaignId));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE campaign_id = ?", campaignId));
        assertEquals(outboxBefore, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE kind <> 'SIGN_IN'")
                + Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE kind = 'SIGN_IN'") - 1,
                "nothing but the sign-in mail was queued");
    }

    private static void invite(Console.Organiser owner, String slug, String email, String role) {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + owner.token())
                .body(Map.of("email", email, "role", role)).post("/api/campaigns/{slug}/team", slug).then().statusCode(201);
    }

    private static void assertError(Document page, String id, String message) {
        Element error = page.getElementById(id + "-error");
        assertNotNull(error, "an error beside " + id + " in " + page.select(".error-summary").text());
        assertTrue(error.text().contains(message), error.text());
        assertTrue(page.getElementById(id).attr("aria-describedby").contains(id + "-error"));
        assertEquals("true", page.getElementById(id).attr("aria-invalid"));
        assertNotNull(page.selectFirst(".error-summary a[href=#" + id + "]"), "the summary links to " + id);
    }

    private static Map<String, String> campaignForm(String slug, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("slug", slug);
        form.put("title", "Fair rules for AI");
        form.put("summary", "Ask regulators for fair rules.");
        form.put("body", "A few companies control the chips.\n\nFair rules keep markets open.");
        form.put("topic", "ai-regulation");
        form.put("goal", "25000");
        form.put("status", status);
        return form;
    }

    private static Map<String, String> step(int i, String kind, String type, String name, String email, String message) {
        String p = "steps[" + i + "].";
        return Map.of(p + "kind", kind, p + "title", "Step " + i, p + "instructions", "Do it.", p + "target.type", type,
                p + "target.name", name, p + "target.email", email, p + "messageTemplate", message);
    }

    /** The fields of the page's campaign form as a browser would send them (without the buttons). */
    private static Map<String, String> fields(Document page) {
        Map<String, String> form = new LinkedHashMap<>();
        for (Element field : page.select("#campaign-form input[name], #campaign-form textarea[name], #campaign-form select[name]")) {
            String value = field.tagName().equals("select")
                    ? field.select("option[selected]").stream().findFirst().orElse(field.selectFirst("option")).val()
                    : field.tagName().equals("textarea") ? field.wholeText() : field.val();
            form.put(field.attr("name"), value);
        }
        return form;
    }

    private static Response post(String path, String session, Map<String, String> form) {
        return Console.fromThisSite().cookie(Console.COOKIE, session).contentType(ContentType.URLENC).formParams(form).post(path);
    }

    private static Document page(Response response, int status) {
        String html = response.asString();
        assertEquals(status, response.statusCode(), html);
        return Jsoup.parse(html);
    }
}

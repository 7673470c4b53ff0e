package org.groundswell.apikeys;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.common.Tokens;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Console;
import org.groundswell.support.Db;
import org.groundswell.support.GroundswellTestResources;
import org.groundswell.support.Mails;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API keys over HTTP, with the database and the SMTP server: made, listed and revoked by their organiser; a key
 * authenticates as Bearer or OSDI-API-Token with the rights of a partner on the campaigns it covers, and signs for
 * many people from one server under its own budget, each signature pending until its supporter confirms.
 */
@QuarkusTest
class ApiKeysTest {

    /** The default per-address burst (application.properties): 20 a minute from one address to one campaign. */
    private static final int ADDRESS_BURST = 20;

    @Inject
    AgroalDataSource dataSource;

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static JsonPath newKey(String organiserToken, Map<String, Object> body) {
        return as(organiserToken).contentType(ContentType.JSON).body(body).post("/api/organisers/me/keys")
                .then().statusCode(201).header("Cache-Control", "no-store").extract().jsonPath();
    }

    private static JsonPath newKey(String organiserToken, String name, List<String> campaigns) {
        return newKey(organiserToken, Map.of("name", name, "campaigns", campaigns));
    }

    private static Response signWithKey(String key, String clientAddress, String slug, Map<String, Object> signature) {
        return as(key).contentType(ContentType.JSON).header("X-Forwarded-For", clientAddress).body(signature)
                .post("/api/campaigns/{slug}/signatures", slug);
    }

    private static void assertProblem(Response response, int status) {
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals("application/problem+json", response.contentType(), response.asString());
    }

    @Test
    void aKeyIsShownOnceStoredAsAHashListedWithoutItAndRevokedAtOnce() {
        String organiser = Api.newOrganiser("Keys owner");
        String other = Api.newOrganiser("Someone else");
        String slug = Api.openCampaign(organiser);

        JsonPath created = newKey(organiser, "Partner site", List.of(slug));
        String key = created.getString("key");
        long id = created.getLong("id");
        assertTrue(key.matches("gsk_[A-Za-z0-9_-]{43}"), key);
        assertEquals("Partner site", created.getString("name"));
        assertEquals(List.of(slug), created.getList("campaigns"));
        assertEquals("partner-site", created.getString("originSystem"), "the source tag is made from the name");
        assertNotNull(created.getString("createdAt"));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM api_key WHERE key_hash = ? OR key_hash = ?", key, Tokens.hash(key)),
                "neither the key nor its plain hash is stored");
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM api_key WHERE id = ? AND length(key_hash) = 43", id));

        List<Map<String, Object>> listed = as(organiser).get("/api/organisers/me/keys").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> mine = listed.stream().filter(k -> ((Number) k.get("id")).longValue() == id).findFirst().orElseThrow();
        assertEquals(Set.of("id", "name", "campaigns", "originSystem", "createdAt", "lastUsedAt"), mine.keySet(), "never the key");
        assertEquals(List.of(slug), mine.get("campaigns"));
        assertNull(mine.get("lastUsedAt"));
        assertFalse(as(organiser).get("/api/organisers/me/keys").asString().contains(key));
        assertEquals("[]", as(other).get("/api/organisers/me/keys").then().statusCode(200).extract().asString(),
                "another organiser sees none of them");

        as(key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        String firstUse = Db.value(dataSource, "SELECT CAST(last_used_at AS text) FROM api_key WHERE id = ?", id);
        assertNotNull(firstUse, "its use is recorded");
        as(key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        assertEquals(firstUse, Db.value(dataSource, "SELECT CAST(last_used_at AS text) FROM api_key WHERE id = ?", id),
                "at most once a minute: the second use within the minute writes nothing");
        assertNotNull(as(organiser).get("/api/organisers/me/keys").then().extract().jsonPath()
                .getString("find { it.id == " + id + " }.lastUsedAt"));

        assertProblem(as(other).delete("/api/organisers/me/keys/{id}", id), 404);
        as(key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        as(organiser).delete("/api/organisers/me/keys/{id}", id).then().statusCode(204);
        assertProblem(as(key).get("/api/campaigns/{slug}/signatures", slug), 401);
        assertProblem(signWithKey(key, Api.newClientAddress(), slug, Api.signature("After revoke", Api.uniqueEmail("revoked"))), 401);
        assertFalse(as(organiser).get("/api/organisers/me/keys").asString().contains("\"id\":" + id + ","), "a revoked key is not listed");
        assertProblem(as(organiser).delete("/api/organisers/me/keys/{id}", 999_999_999L), 404);
    }

    @Test
    void unknownKeysAndMalformedHeadersAre401() {
        String organiser = Api.newOrganiser("Unknown keys");
        String slug = Api.openCampaign(organiser);
        String madeUp = "gsk_" + Tokens.newToken();
        assertProblem(as(madeUp).get("/api/campaigns/{slug}/signatures", slug), 401);
        assertProblem(given().header("OSDI-API-Token", madeUp).get("/api/campaigns/{slug}/signatures", slug), 401);
        assertProblem(given().header("OSDI-API-Token", " ").get("/api/campaigns/{slug}/signatures", slug), 401);
        String email = Api.uniqueEmail("made-up-key");
        assertProblem(signWithKey(madeUp, Api.newClientAddress(), slug, Api.signature("Made up", email)), 401);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email), "nothing signed with it");
        String key = newKey(organiser, "Real", List.of()).getString("key");
        assertProblem(given().header("Authorization", "Bearer " + key).header("OSDI-API-Token", madeUp)
                .get("/api/campaigns/{slug}/signatures", slug), 401);
    }

    @Test
    void bothHeadersCarryAKey() {
        String organiser = Api.newOrganiser("Headers");
        String slug = Api.openCampaign(organiser);
        String key = newKey(organiser, "Headers partner", List.of(slug)).getString("key");
        as(key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        given().header("OSDI-API-Token", key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        given().header("OSDI-API-Token", key).header("Authorization", "Bearer " + key)
                .get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        String email = Api.uniqueEmail("osdi-header");
        given().header("OSDI-API-Token", key).header("X-Forwarded-For", Api.newClientAddress()).contentType(ContentType.JSON)
                .body(Api.signature("Through OSDI header", email)).post("/api/campaigns/{slug}/signatures", slug)
                .then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "headers-partner".equals(
                Db.value(dataSource, "SELECT origin_system FROM signature WHERE email = ?", email)));
    }

    @Test
    void aKeyForOneCampaignFindsNoOtherAndAKeyForAllFindsNoOneElses() {
        String organiser = Api.newOrganiser("Scoped");
        String a = Api.openCampaign(organiser);
        String b = Api.openCampaign(organiser);
        String stranger = Api.openCampaign(Api.newOrganiser("Stranger"));
        String forA = newKey(organiser, "For A", List.of(a)).getString("key");
        String forAll = newKey(organiser, "For all", List.of()).getString("key");

        as(forA).get("/api/campaigns/{slug}/signatures", a).then().statusCode(200);
        as(forA).get("/api/campaigns/{slug}/webhooks", a).then().statusCode(200).body(equalTo("[]"));
        assertProblem(as(forA).get("/api/campaigns/{slug}/signatures", b), 404);
        assertProblem(as(forA).get("/api/campaigns/{slug}/webhooks", b), 404);
        assertProblem(as(forA).contentType(ContentType.JSON)
                .body(Map.of("url", "https://partner.example.org/hook", "events", List.of("signature.confirmed")))
                .post("/api/campaigns/{slug}/webhooks", b), 404);
        String email = Api.uniqueEmail("wrong-campaign");
        assertProblem(signWithKey(forA, Api.newClientAddress(), b, Api.signature("Wrong campaign", email)), 404);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email));

        as(forAll).get("/api/campaigns/{slug}/signatures", a).then().statusCode(200);
        as(forAll).get("/api/campaigns/{slug}/signatures", b).then().statusCode(200);
        as(forAll).get("/api/campaigns/{slug}/webhooks", b).then().statusCode(200);
        assertProblem(as(forAll).get("/api/campaigns/{slug}/signatures", stranger), 404);
        assertProblem(as(forAll).get("/api/campaigns/{slug}/webhooks", stranger), 404);
        assertProblem(signWithKey(forAll, Api.newClientAddress(), stranger, Api.signature("Stranger's", Api.uniqueEmail("stranger"))), 404);
        String later = Api.openCampaign(organiser);
        as(forAll).get("/api/campaigns/{slug}/signatures", later).then().statusCode(200);
    }

    @Test
    void aKeyIsNoOrganiser() {
        String organiser = Api.newOrganiser("Not an organiser");
        String slug = Api.openCampaign(organiser);
        String key = newKey(organiser, "Limited", List.of(slug)).getString("key");
        assertProblem(as(key).contentType(ContentType.JSON).body(Map.of("name", "Minted by a key")).post("/api/organisers/me/keys"), 403);
        assertProblem(as(key).get("/api/organisers/me/keys"), 403);
        assertProblem(as(key).delete("/api/organisers/me/keys/{id}", 1), 403);
        assertProblem(as(key).contentType(ContentType.JSON).body(Map.of("title", "Taken over")).patch("/api/campaigns/{slug}", slug), 403);
        assertProblem(as(key).contentType(ContentType.JSON).body(Api.campaign(Api.unique("by-key"), "OPEN", List.of(Api.emailStep())))
                .post("/api/campaigns"), 403);
        assertProblem(as(key).get("/api/campaigns/{slug}/signatures.csv", slug), 403);
        assertProblem(as(key).post("/api/organisers/me/token"), 403);
        Api.awaitSignatureCount(slug, 0);
        given().get("/api/campaigns/{slug}", slug).then().statusCode(200).body("title", equalTo("Campaign " + slug));
    }

    @Test
    void keysAreMadeOnlyForOnesOwnCampaignsWithAValidSourceTag() {
        String organiser = Api.newOrganiser("Rules");
        String mine = Api.openCampaign(organiser);
        String theirs = Api.openCampaign(Api.newOrganiser("Theirs"));
        Response refused = as(organiser).contentType(ContentType.JSON)
                .body(Map.of("name", "Greedy", "campaigns", List.of(mine, theirs, "no-such-campaign"))).post("/api/organisers/me/keys");
        assertProblem(refused, 400);
        String detail = refused.asString();
        assertTrue(detail.contains(theirs) && detail.contains("no-such-campaign") && !detail.contains(mine + ","), detail);
        assertProblem(as(organiser).contentType(ContentType.JSON).body(Map.of("name", "Bad tag", "source", "Not A Tag"))
                .post("/api/organisers/me/keys"), 400);
        assertProblem(as(organiser).contentType(ContentType.JSON).body(Map.of("name", " ")).post("/api/organisers/me/keys"), 400);
        assertProblem(as(organiser).contentType(ContentType.JSON).body(Map.of("campaigns", List.of(mine))).post("/api/organisers/me/keys"), 400);
        JsonPath tagged = newKey(organiser, Map.of("name", "CRM", "source", "crm-2"));
        assertEquals("crm-2", tagged.getString("originSystem"));
        assertEquals(List.of(), tagged.getList("campaigns"), "none listed: all of theirs");
    }

    @Test
    void aDisabledOrganisersKeysStopWithTheirToken() {
        Console.Organiser organiser = Console.newOrganiser("Leaving");
        String slug = Api.openCampaign(organiser.token());
        String key = newKey(organiser.token(), "Soon gone", List.of()).getString("key");
        as(key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        as(Api.ADMIN_TOKEN).delete("/api/organisers/{id}", organiser.id()).then().statusCode(204);
        assertProblem(as(key).get("/api/campaigns/{slug}/signatures", slug), 401);
    }

    @Test
    void fiftySignaturesWithAKeyFromOneAddressAreAllMailedWhileFiftyWithoutAreHeldBeyondTheAddressLimit() {
        String organiser = Api.newOrganiser("Partner signing");
        String slug = Api.openCampaign(organiser);
        String key = newKey(organiser, "Coalition partner", List.of(slug)).getString("key");
        String partnerServer = Api.newClientAddress();
        List<String> partnerSigners = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String email = Api.uniqueEmail("via-partner");
            partnerSigners.add(email);
            signWithKey(key, partnerServer, slug, Api.signature("Partner signer " + i, email)).then().statusCode(202)
                    .body("status", equalTo("PENDING"));
        }
        String oneBrowser = Api.newClientAddress();
        List<String> ownSigners = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String email = Api.uniqueEmail("one-address");
            ownSigners.add(email);
            Api.signFrom(oneBrowser, slug, Api.signature("Own signer " + i, email)).statusCode(202);
        }
        Background.settle();
        assertEquals(50, delivered(partnerSigners), "every partner signature's confirmation mail reached the server");
        assertEquals(ADDRESS_BURST, delivered(ownSigners), "without a key, one address gets its burst mailed and no more");
        assertEquals(50, Db.count(dataSource, """
                SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id
                WHERE c.slug = ? AND s.status = 'PENDING' AND s.origin_system = 'coalition-partner' AND s.api_key_id IS NOT NULL""", slug));
        assertEquals(50 - ADDRESS_BURST, Db.count(dataSource, """
                SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id
                WHERE c.slug = ? AND s.status = 'HELD' AND s.origin_system IS NULL AND 'ADDRESS_BURST' = ANY (s.held_reasons)""", slug));
    }

    @Test
    void aKeysSignatureWaitsForItsSupporterAndIsCountedBySourceInTheCsvAndTheDashboard() {
        Console.Organiser owner = Console.newOrganiser("Sources owner");
        String slug = Api.openCampaign(owner.token());
        String key = newKey(owner.token(), Map.of("name", "Friends of the Earth", "campaigns", List.of(slug), "source", "foe-site"))
                .getString("key");
        String viaPartner = Api.uniqueEmail("foe");
        String viaUs = Api.uniqueEmail("ours");
        signWithKey(key, Api.newClientAddress(), slug, Api.signature("Via Partner", viaPartner)).then().statusCode(202);
        String partnerToken = Api.confirmationToken(Api.awaitMail(viaPartner, "Please confirm"));
        Background.settle();
        assertEquals("PENDING", Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", viaPartner),
                "a key never makes a confirmed signature");
        assertEquals(0, Background.countedSignatures(slug));

        Api.confirmByLink(partnerToken).statusCode(200);
        Api.signAndConfirm(slug, Api.signature("Via Us", viaUs));
        Background.settle();
        assertEquals(2, Background.countedSignatures(slug));

        List<Map<String, Object>> supporters = as(key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertEquals(Set.of("foe-site", "-"), new HashSet<>(supporters.stream()
                .map(s -> s.get("originSystem") == null ? "-" : (String) s.get("originSystem")).toList()));

        String csv = as(owner.token()).get("/api/campaigns/{slug}/signatures.csv", slug).then().statusCode(200).extract().asString();
        List<String> lines = csv.lines().toList();
        assertTrue(lines.get(0).endsWith(",origin_system"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains(viaPartner) && l.endsWith(",foe-site")), csv);
        assertTrue(lines.stream().anyMatch(l -> l.contains(viaUs) && l.endsWith(",")), csv);

        String session = Console.signIn(owner.email());
        Document dashboard = Jsoup.parse(given().cookie(Console.COOKIE, session).get("/organise/campaigns/{slug}", slug)
                .then().statusCode(200).extract().asString());
        Element sources = dashboard.getElementById("sources");
        assertNotNull(sources, "the dashboard has its table by source");
        Map<String, String> bySource = new java.util.HashMap<>();
        sources.select("tbody tr").forEach(row -> bySource.put(row.selectFirst("th").text(), row.selectFirst("td").text()));
        assertEquals(Map.of("foe-site", "1", "Our pages and API", "1"), bySource);
    }

    @Test
    void theConsoleMakesListsAndRevokesKeys() {
        Console.Organiser owner = Console.newOrganiser("Console keys");
        String slug = Api.openCampaign(owner.token());
        String other = Api.openCampaign(owner.token());
        String session = Console.signIn(owner.email());

        Document page = Jsoup.parse(given().cookie(Console.COOKIE, session).get("/organise/keys").then().statusCode(200)
                .header("Cache-Control", "no-store").extract().asString());
        assertNotNull(page.selectFirst("input[type=checkbox][name=campaign][value=" + slug + "]"));
        assertNotNull(page.selectFirst("nav.person a[href=/organise/keys]"), "linked from the console's header");
        Console.home(session).then().body(containsString("href=\"/organise/keys\""));

        given().cookie(Console.COOKIE, session).contentType(ContentType.URLENC).formParam("name", "From elsewhere")
                .post("/organise/keys").then().statusCode(403);
        assertFalse(as(owner.token()).get("/api/organisers/me/keys").asString().contains("From elsewhere"), "no key made by another site");

        Response refused = Console.fromThisSite().cookie(Console.COOKIE, session).contentType(ContentType.URLENC)
                .formParam("name", "Bad tag").formParam("source", "Bad Tag").formParam("campaign", slug).post("/organise/keys");
        assertEquals(400, refused.statusCode());
        Document again = Jsoup.parse(refused.asString());
        assertTrue(again.selectFirst("[role=alert]").text().contains("Source tag"), again.selectFirst("[role=alert]").text());
        assertNotNull(again.selectFirst("input[name=campaign][value=" + slug + "][checked]"), "the form keeps what was chosen");

        Response made = Console.fromThisSite().cookie(Console.COOKIE, session).contentType(ContentType.URLENC)
                .formParam("name", "Newsletter partner").formParam("campaign", slug).post("/organise/keys");
        assertEquals(200, made.statusCode(), made.asString());
        String key = Jsoup.parse(made.asString()).getElementById("new-key").val();
        assertTrue(key.matches("gsk_[A-Za-z0-9_-]{43}"), key);
        as(key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        assertProblem(as(key).get("/api/campaigns/{slug}/signatures", other), 404);

        String listed = given().cookie(Console.COOKIE, session).get("/organise/keys").then().statusCode(200).extract().asString();
        assertFalse(listed.contains(key), "the key is shown once");
        Element row = Jsoup.parse(listed).select("#keys tbody tr").stream()
                .filter(r -> r.selectFirst("th").text().equals("Newsletter partner")).findFirst().orElseThrow();
        assertEquals(slug, row.select("td").get(0).text());
        assertEquals("newsletter-partner", row.select("td").get(1).text());
        String revokePath = row.selectFirst("a").attr("href");

        Document confirm = Jsoup.parse(given().cookie(Console.COOKIE, session).get(revokePath).then().statusCode(200).extract().asString());
        assertEquals(revokePath, confirm.selectFirst("main form").attr("action"));
        as(key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200); // asking revokes nothing
        given().cookie(Console.COOKIE, session).post(revokePath).then().statusCode(403);
        as(key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        Console.fromThisSite().cookie(Console.COOKIE, session).post(revokePath).then().statusCode(303)
                .header("Location", containsString("/organise/keys?revoked="));
        assertProblem(as(key).get("/api/campaigns/{slug}/signatures", slug), 401);
        given().cookie(Console.COOKIE, session).get(revokePath).then().statusCode(404);

        String member = Api.uniqueEmail("member");
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("email", member, "role", "EDITOR"))
                .post("/api/campaigns/{slug}/team", slug).then().statusCode(201);
        String memberSession = Console.signIn(member);
        given().cookie(Console.COOKIE, memberSession).get("/organise/keys").then().statusCode(403);
        given().redirects().follow(false).get("/organise/keys").then().statusCode(303);
    }

    /** How many of these addresses the SMTP server received mail for. */
    private static long delivered(List<String> addresses) {
        Set<String> wanted = new HashSet<>(addresses);
        return Arrays.stream(GroundswellTestResources.mail().getReceivedMessages())
                .filter(m -> Mails.recipients(m).stream().anyMatch(wanted::contains)).count();
    }
}

package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits that hold bots quietly: over a limit the answer is the same, the signature is HELD, no mail goes out. */
@QuarkusTest
class AbuseLimitsTest {

    /** The defaults (application.properties): 20 a minute and 60 an hour from one address to one campaign. */
    private static final int ADDRESS_BURST = 20;
    private static final int MAILBOX_PER_DAY = 10;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URI root;

    @Test
    void threeHundredSignaturesFromOneClientInABurstAreAnsweredAlikeAndMostAreHeld() throws Exception {
        String organiser = Api.newOrganiser("Burst organiser");
        String slug = Api.openCampaign(organiser);
        String bot = Api.newClientAddress();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            emails.add(Api.uniqueEmail("burst"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
        for (String email : emails) {
            answers.add(pool.submit(() -> Api.signFrom(bot, slug, Api.signature("Bot " + email.hashCode(), email)).extract()));
        }
        Set<String> bodies = new HashSet<>();
        for (Future<ExtractableResponse<Response>> answer : answers) {
            assertEquals(202, answer.get().statusCode());
            bodies.add(answer.get().asString());
        }
        pool.shutdown();
        assertEquals(Set.of("{\"status\":\"PENDING\"}"), bodies, "every answer is the same");

        assertEquals(300, count("SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
        assertEquals(ADDRESS_BURST, count("SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.status = 'PENDING'", slug));
        assertEquals(300 - ADDRESS_BURST, count("SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.status = 'HELD' AND 'ADDRESS_BURST' = ANY (s.held_reasons)", slug));
        assertEquals(ADDRESS_BURST, count("SELECT count(*) FROM outbox_message o JOIN signature s ON s.id = o.signature_id JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
        // ... and as many, no more, reach the mail server.
        Set<String> signers = new HashSet<>(emails);
        java.util.function.Supplier<Long> delivered = () -> java.util.Arrays.stream(org.groundswell.support.GroundswellTestResources.mail()
                .getReceivedMessages()).filter(m -> org.groundswell.support.Mails.recipients(m).stream().anyMatch(signers::contains)).count();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivered.get() >= ADDRESS_BURST);
        Background.settle(); // the outbox sent all it holds: a held signature's mail would be at the SMTP server now
        assertEquals(ADDRESS_BURST, delivered.get(), "only the signatures within the limit are mailed");
        // Only the keyed hash of the address is stored, never the address.
        assertEquals(0, count("SELECT count(*) FROM signature WHERE client_hash LIKE ? OR client_hash = ?", "%" + bot + "%", bot));
        assertEquals(1, count("SELECT count(DISTINCT client_hash) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
        // Held signatures are not supporters: not listed, not counted.
        given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/signatures?size=1000", slug)
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));

        // The organiser reviews: all 300 from one address hash, 280 of them held.
        JsonPath review = given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/review", slug)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(300, review.getInt("byAddress[0].total"));
        assertEquals(300 - ADDRESS_BURST, review.getInt("byAddress[0].held"));
        assertEquals("example.org", review.getString("byDomain[0].key"));
        String addressHash = review.getString("byAddress[0].key");

        // ... and invalidates them in bulk: nothing of it will ever count.
        given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON).body(Map.of("addressHash", addressHash))
                .post("/api/campaigns/{slug}/review/invalidate", slug).then().statusCode(200).body("invalidated", org.hamcrest.Matchers.equalTo(300));
        assertEquals(300, count("SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.status = 'INVALIDATED'", slug));
    }

    @Test
    void tagVariantsOfOneMailboxAreOneSignaturePerCampaignAndGetAtMostTenMailsInAll() throws Exception {
        String organiser = Api.newOrganiser("Mailbox organiser");
        String victim = Api.unique("victim");
        String first = Api.openCampaign(organiser);
        for (int i = 0; i < 5; i++) {
            Api.sign(first, Api.signature("Attacker's choice " + i, victim + "+" + i + "@example.org")).statusCode(202);
        }
        assertEquals(1, count("SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", first),
                "one signature per campaign and mailbox, whatever the tag");
        int campaigns = MAILBOX_PER_DAY + 5;
        for (int i = 1; i < campaigns; i++) {
            Api.sign(Api.openCampaign(organiser), Api.signature("Attacker's choice", victim + "+c" + i + "@example.org")).statusCode(202);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Api.mailsToMailbox(victim + "@example.org").size() >= MAILBOX_PER_DAY);
        Background.settle();
        assertEquals(MAILBOX_PER_DAY, Api.mailsToMailbox(victim + "@example.org").size(), "at most 10 mails a day to one mailbox");
        // (a repeat in the first campaign after the resend interval may have used one of the ten: then one more is held)
        long held = count("SELECT count(*) FROM signature WHERE email LIKE ? AND status = 'HELD' AND held_reasons = ARRAY['MAILBOX']::varchar[]", victim + "+%");
        assertTrue(held >= campaigns - MAILBOX_PER_DAY && held < campaigns, "held by the mailbox's limit: " + held);
    }

    @Test
    void aHeldBatchReleasedInBulkIsMailedAndCountsOnceConfirmedAndAnInvalidatedOneLeavesTheCount() throws Exception {
        String organiser = Api.newOrganiser("Release organiser");
        String slug = Api.openCampaign(organiser);
        String school = Api.newClientAddress();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < ADDRESS_BURST + 5; i++) {
            String email = Api.uniqueEmail("pupil");
            emails.add(email);
            Api.signFrom(school, slug, Api.signature("Pupil " + i, email)).statusCode(202);
        }
        List<String> held = emails.subList(ADDRESS_BURST, emails.size());
        for (String email : held) {
            assertEquals("HELD", Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", email));
        }
        Background.settle();
        for (String email : held) {
            assertTrue(Api.mailsTo(email).isEmpty(), "a held signature is not mailed");
        }
        assertEquals(ADDRESS_BURST, emails.stream().filter(e -> !Api.mailsTo(e).isEmpty()).count(), "the others are");

        String addressHash = Db.value(dataSource, "SELECT client_hash FROM signature WHERE email = ?", held.get(0));
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType(ContentType.JSON).body(Map.of("addressHash", addressHash))
                .post("/api/campaigns/{slug}/review/release", slug).then().statusCode(200).body("released", org.hamcrest.Matchers.equalTo(5));
        for (String email : held) {
            Api.confirmByLink(Api.confirmationToken(Api.awaitMail(email, "Please confirm"))).statusCode(200);
        }
        Api.awaitSignatureCount(slug, 5);

        // Invalidating the confirmed ones by time window takes them out of the count again.
        String from = Db.value(dataSource, "SELECT to_char(min(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM signature WHERE email = ANY (?)",
                (Object) held.toArray(new String[0]));
        String invalidated = given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON)
                .body(Map.of("addressHash", addressHash, "from", from))
                .post("/api/campaigns/{slug}/review/invalidate", slug).then().extract().asString();
        assertEquals("{\"invalidated\":5}", invalidated);
        Api.awaitSignatureCount(slug, 0);
        String csv = given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/signatures.csv", slug)
                .then().statusCode(200).extract().asString();
        assertFalse(csv.contains(held.get(0)), "invalidated signatures are kept out of exports");

        // A bulk action must say which signatures; another organiser's campaign does not exist for it.
        given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON).body(Map.of())
                .post("/api/campaigns/{slug}/review/release", slug).then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + Api.newOrganiser("Stranger")).get("/api/campaigns/{slug}/review", slug)
                .then().statusCode(404);
    }

    @Test
    void aFloodOfWritesFromOneAddressGets429ButReadsNeverDo() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Flood organiser"));
        String flooder = Api.newClientAddress();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest write = HttpRequest.newBuilder(root.resolve("/api/campaigns/" + slug + "/signatures"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", flooder)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> refused = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> floods = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            floods.add(pool.submit(() -> {
                // Far faster than any person: writes (invalid ones, to stay cheap) until refused, or 5,000 of them.
                while (refused.get() == null && sent.incrementAndGet() <= 5_000) {
                    HttpResponse<String> answer = client.send(write, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 429) {
                        refused.compareAndSet(null, answer);
                    } else {
                        assertEquals(400, answer.statusCode(), answer.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> flood : floods) {
            flood.get();
        }
        pool.shutdown();
        HttpResponse<String> answer = refused.get();
        assertTrue(answer != null, "a flood of writes is refused with 429 (after " + sent.get() + ")");
        assertTrue(answer.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        assertTrue(Integer.parseInt(answer.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        // Reads from the same address are never limited, however many.
        HttpRequest read = HttpRequest.newBuilder(root.resolve("/api/campaigns/" + slug)).header("X-Forwarded-For", flooder).build();
        for (int i = 0; i < 1_000; i++) {
            assertEquals(200, client.send(read, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    private long count(String sql, Object... parameters) {
        return Db.count(dataSource, sql, parameters);
    }
}

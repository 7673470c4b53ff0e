package org.groundswell.webhooks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks against a receiver on 127.0.0.1 (the test profile allows private targets): signatures checked with the
 * Standard Webhooks scheme computed here, retries with the same webhook-id, 410 disabling, the queue surviving an
 * outage and a dead replica's claim, refusals at registration.
 */
@QuarkusTest
class WebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** A counter's value on the management interface's /q/metrics, over the series with the given tag (0 when none). */
    private double counter(String name, String tag) {
        String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains(name), name + " is exposed");
        return metrics.lines().filter(l -> l.startsWith(name + "{") && l.contains(tag))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The Standard Webhooks signature of a request, computed from the spec, not with the service's code. */
    private static String expectedSignature(String secret, Receiver.Request request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonPath register(String organiser, String slug, String url, List<String> events) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("url", url, "events", events)).post("/api/campaigns/{slug}/webhooks", slug)
                .then().statusCode(201).body("secret", startsWith("whsec_")).extract().jsonPath();
    }

    private static Map<String, Object> consenting(String name, String email) {
        Map<String, Object> signature = Api.signature(name, email);
        signature.put("consentToUpdates", true);
        return signature;
    }

    private static List<Receiver.Request> awaitRequests(Receiver receiver, int count) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> receiver.requests.size() >= count);
        return receiver.requests;
    }

    @Test
    void aConfirmedSignatureIsDeliveredSignedAndNamesThePersonOnlyWithConsent() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String organiser = Api.newOrganiser("Webhook organiser");
            String slug = Api.openCampaign(organiser);
            JsonPath created = register(organiser, slug, receiver.url(), List.of("signature.confirmed"));
            String secret = created.getString("secret");
            long id = created.getLong("id");

            String email = Api.uniqueEmail("hooked");
            Api.signAndConfirm(slug, consenting("Ada Lovelace", email));
            Receiver.Request request = awaitRequests(receiver, 1).get(0);
            assertEquals(expectedSignature(secret, request), request.header("webhook-signature"));
            assertTrue(request.header("webhook-id").startsWith("msg_"), request.header("webhook-id"));
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60, "a current unix timestamp: " + timestamp);
            assertEquals("application/json", request.header("Content-Type"));
            JsonPath body = JsonPath.from(request.body());
            assertEquals("signature.confirmed", body.getString("type"));
            long signatureId = Db.count(dataSource, "SELECT id FROM signature WHERE email = ?", email);
            assertEquals(List.of("groundswell:" + signatureId), body.getList("data.identifiers"));
            assertEquals(List.of("groundswell:" + slug), body.getList("data.petition.identifiers"));
            assertEquals(slug, body.getString("data.petition.slug"));
            assertEquals("Ada", body.getString("data.person.given_name"));
            assertEquals("Lovelace", body.getString("data.person.family_name"));
            assertEquals(email, body.getString("data.person.email_addresses[0].address"));
            assertEquals("SW1A 1AA", body.getString("data.person.postal_addresses[0].postal_code"));
            Instant.parse(body.getString("data.action_date"));
            Instant.parse(body.getString("data.created_date"));

            String withoutConsent = Api.uniqueEmail("quiet");
            Api.signAndConfirm(slug, Api.signature("Quiet Supporter", withoutConsent));
            Receiver.Request second = awaitRequests(receiver, 2).get(1);
            assertEquals(expectedSignature(secret, second), second.header("webhook-signature"));
            assertFalse(second.body().contains(withoutConsent), "no e-mail without consent: " + second.body());
            assertFalse(second.body().contains("Quiet"), "no name without consent: " + second.body());
            assertFalse(second.body().contains("SW1A"), "no postal code without consent: " + second.body());
            assertEquals("GB", JsonPath.from(second.body()).getString("data.person.postal_addresses[0].country"));

            Awaitility.await().atMost(WAIT).untilAsserted(() ->
                    given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/webhooks", slug).then()
                            .statusCode(200).body("size()", equalTo(1)).body("[0].id", equalTo((int) id))
                            .body("[0].enabled", equalTo(true)).body("[0].events", equalTo(List.of("signature.confirmed")))
                            .body("[0].lastDelivery.status", equalTo("DELIVERED")).body("[0].lastDelivery.responseCode", equalTo(200)));
            given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/webhooks/{id}/deliveries", slug, id)
                    .then().statusCode(200).body("size()", equalTo(2)).body("[0].status", equalTo("DELIVERED"))
                    .body("[0].attempts", equalTo(1)).body("[1].webhookId", equalTo(request.header("webhook-id")));
        }
    }

    @Test
    void a500IsRetriedWithTheSameWebhookIdAndRetryAfterIsHonoured() throws Exception {
        double deliveredBefore = counter("groundswell_webhooks_deliveries_total", "outcome=\"delivered\"");
        double failedBefore = counter("groundswell_webhooks_deliveries_total", "outcome=\"failed\"");
        try (Receiver receiver = new Receiver()) {
            receiver.answers.add(new Receiver.Answer(500, Map.of()));
            receiver.answers.add(new Receiver.Answer(503, Map.of("Retry-After", "2")));
            String organiser = Api.newOrganiser("Retry organiser");
            String slug = Api.openCampaign(organiser);
            String secret = register(organiser, slug, receiver.url(), List.of("signature.confirmed")).getString("secret");
            Api.signAndConfirm(slug, Api.signature("Retried", Api.uniqueEmail("retried")));
            List<Receiver.Request> requests = awaitRequests(receiver, 3);
            assertEquals(3, requests.size());
            assertEquals(1, requests.stream().map(r -> r.header("webhook-id")).distinct().count(), "one webhook-id across retries");
            assertEquals(1, requests.stream().map(Receiver.Request::body).distinct().count(), "the same body");
            for (Receiver.Request request : requests) {
                assertEquals(expectedSignature(secret, request), request.header("webhook-signature"));
            }
            long afterRetryAfter = Long.parseLong(requests.get(2).header("webhook-timestamp"))
                    - Long.parseLong(requests.get(1).header("webhook-timestamp"));
            assertTrue(afterRetryAfter >= 1, "the third attempt waited for Retry-After: 2 (not the 0.5 s schedule): " + afterRetryAfter);
            Awaitility.await().atMost(WAIT).until(() -> "DELIVERED".equals(Db.value(dataSource,
                    "SELECT status FROM webhook_delivery WHERE message_id = ?", requests.get(0).header("webhook-id"))));
            assertEquals(3, Db.count(dataSource, "SELECT attempts FROM webhook_delivery WHERE message_id = ?",
                    requests.get(0).header("webhook-id")));
        }
        // The attempts are counted by outcome on /q/metrics (other tests' deliveries may add to them meanwhile).
        assertTrue(counter("groundswell_webhooks_deliveries_total", "outcome=\"failed\"") >= failedBefore + 2, "the 500 and the 503");
        assertTrue(counter("groundswell_webhooks_deliveries_total", "outcome=\"delivered\"") >= deliveredBefore + 1, "the 200");
        String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("groundswell_webhooks_failures_total"), "deliveries given up are counted");
        assertTrue(metrics.contains("groundswell_webhooks_pending"), "the pending deliveries are a gauge");
        assertTrue(metrics.contains("groundswell_webhooks_attempt_seconds"), "the attempts are timed");
    }

    @Test
    void gone410DisablesTheEndpoint() {
        try (Receiver receiver = new Receiver()) {
            receiver.answers.add(new Receiver.Answer(410, Map.of()));
            String organiser = Api.newOrganiser("Gone organiser");
            String slug = Api.openCampaign(organiser);
            long id = register(organiser, slug, receiver.url(), List.of("signature.confirmed")).getLong("id");
            Api.signAndConfirm(slug, Api.signature("First", Api.uniqueEmail("first")));
            awaitRequests(receiver, 1);
            Awaitility.await().atMost(WAIT).untilAsserted(() ->
                    given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/webhooks", slug).then()
                            .statusCode(200).body("[0].enabled", equalTo(false)).body("[0].disabledReason", containsString("410")));
            Api.signAndConfirm(slug, Api.signature("Second", Api.uniqueEmail("second")));
            assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ?", id),
                    "a disabled endpoint is sent nothing more");
            assertEquals(1, receiver.requests.size());
            given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON)
                    .post("/api/campaigns/{slug}/webhooks/{id}/deliveries/{d}/retry", slug, id,
                            Db.count(dataSource, "SELECT id FROM webhook_delivery WHERE endpoint_id = ?", id))
                    .then().statusCode(409).contentType("application/problem+json");
        }
    }

    @Test
    void aQueuedDeliveryOutlivesAnOutageAndADeadReplicasClaim() {
        try (Receiver receiver = new Receiver()) {
            String organiser = Api.newOrganiser("Outage organiser");
            String slug = Api.openCampaign(organiser);
            long id = register(organiser, slug, receiver.url(), List.of("signature.confirmed")).getLong("id");
            receiver.stop();
            String token = Api.signAndGetToken(slug, Api.signature("Durable", Api.uniqueEmail("durable")));
            Api.confirmByLink(token).statusCode(200);
            // Written with the confirmation: there when the confirming request has answered.
            assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND status = 'PENDING'", id));
            Awaitility.await().atMost(WAIT).until(() -> Db.count(dataSource,
                    "SELECT attempts FROM webhook_delivery WHERE endpoint_id = ?", id) >= 1
                    && Db.value(dataSource, "SELECT last_error FROM webhook_delivery WHERE endpoint_id = ?", id) != null);
            assertEquals("PENDING", Db.value(dataSource, "SELECT status FROM webhook_delivery WHERE endpoint_id = ?", id));
            // A replica claims it and dies: its claim token stays, and its lease runs (here 3 s, set by hand).
            try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement("""
                    UPDATE webhook_delivery SET claim_token = gen_random_uuid(), attempts = attempts + 1,
                           next_attempt_at = now() + interval '3 seconds' WHERE endpoint_id = ?""")) {
                statement.setLong(1, id);
                statement.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            Instant claimed = Instant.now();
            receiver.restart();
            List<Receiver.Request> requests = awaitRequests(receiver, 1);
            assertTrue(Duration.between(claimed, Instant.now()).toMillis() >= 2500,
                    "taken again only when the dead replica's lease ended");
            assertEquals(Db.value(dataSource, "SELECT message_id FROM webhook_delivery WHERE endpoint_id = ?", id),
                    requests.get(0).header("webhook-id"));
            Awaitility.await().atMost(WAIT).until(() -> "DELIVERED".equals(
                    Db.value(dataSource, "SELECT status FROM webhook_delivery WHERE endpoint_id = ?", id)));
            assertNull(Db.value(dataSource, "SELECT claim_token FROM webhook_delivery WHERE endpoint_id = ?", id));
        }
    }

    @Test
    void rotationSignsWithBothSecretsForADay() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String organiser = Api.newOrganiser("Rotation organiser");
            String slug = Api.openCampaign(organiser);
            JsonPath created = register(organiser, slug, receiver.url(), List.of("signature.confirmed"));
            String old = created.getString("secret");
            JsonPath rotated = given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON)
                    .post("/api/campaigns/{slug}/webhooks/{id}/rotate", slug, created.getLong("id"))
                    .then().statusCode(200).body("secret", startsWith("whsec_")).extract().jsonPath();
            String fresh = rotated.getString("secret");
            assertFalse(fresh.equals(old));
            Instant until = Instant.parse(rotated.getString("previousSecretValidUntil"));
            assertTrue(Duration.between(Instant.now(), until).toHours() >= 23, until.toString());
            Api.signAndConfirm(slug, Api.signature("Rotated", Api.uniqueEmail("rotated")));
            Receiver.Request request = awaitRequests(receiver, 1).get(0);
            List<String> signatures = Arrays.asList(request.header("webhook-signature").split(" "));
            assertEquals(List.of(expectedSignature(fresh, request), expectedSignature(old, request)), signatures);
        }
    }

    @Test
    void closingMilestonesAndUpdatesAreDeliveredToThoseWhoAskedForThem() {
        try (Receiver all = new Receiver(); Receiver closedOnly = new Receiver()) {
            String organiser = Api.newOrganiser("Events organiser");
            String slug = Api.unique("events");
            Map<String, Object> campaign = Api.campaign(slug, "OPEN", List.of(Api.emailStep()));
            campaign.put("goal", 1);
            Api.createCampaign(organiser, campaign);
            register(organiser, slug, all.url(), List.of("milestone.reached", "campaign.closed", "update.sent"));
            register(organiser, slug, closedOnly.url(), List.of("campaign.closed"));
            Api.signAndConfirm(slug, consenting("Milestone Maker", Api.uniqueEmail("milestone")));
            Awaitility.await().atMost(WAIT).until(() -> all.requests.stream().anyMatch(r -> r.body().contains("\"percent\":100")));
            given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON)
                    .body(Map.of("subject", "News", "body", "Dear {supporter.name},\n\nthank you."))
                    .post("/api/campaigns/{slug}/updates", slug).then().statusCode(202);
            given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON)
                    .body(Map.of("status", "CLOSED")).patch("/api/campaigns/{slug}", slug).then().statusCode(200);
            Awaitility.await().atMost(WAIT).until(() -> types(all).containsAll(List.of("milestone.reached", "update.sent", "campaign.closed")));
            Awaitility.await().atMost(WAIT).until(() -> types(closedOnly).contains("campaign.closed"));
            assertEquals(List.of("campaign.closed"), types(closedOnly), "only the events it asked for");
            JsonPath update = JsonPath.from(all.requests.stream().filter(r -> r.body().contains("update.sent")).findFirst().orElseThrow().body());
            assertEquals("News", update.getString("data.subject"));
            assertEquals(1, update.getInt("data.recipients"));
            JsonPath closed = JsonPath.from(all.requests.stream().filter(r -> r.body().contains("campaign.closed")).findFirst().orElseThrow().body());
            assertEquals(slug, closed.getString("data.petition.slug"));
            assertEquals(1, closed.getInt("data.total_signatures"));
        }
    }

    private static List<String> types(Receiver receiver) {
        return receiver.requests.stream().map(r -> JsonPath.from(r.body()).getString("type")).toList();
    }

    @Test
    void atDeliveryAHostThatNowResolvesToAForbiddenAddressIsNotCalled() {
        try (Receiver receiver = new Receiver()) {
            String organiser = Api.newOrganiser("Rebinding organiser");
            String slug = Api.openCampaign(organiser);
            long allowedId = register(organiser, slug, receiver.url(), List.of("signature.confirmed")).getLong("id");
            // As if its name had resolved to a public address at registration and now answers 0.0.0.0, which the
            // kernel connects to this machine: were the address not checked at delivery, the receiver would be called.
            long id;
            try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement("""
                    INSERT INTO webhook_endpoint (campaign_id, url, events, secret_key_id, secret_wrapped)
                    SELECT campaign_id, ?, events, secret_key_id, secret_wrapped FROM webhook_endpoint WHERE id = ?
                    RETURNING id""")) {
                statement.setString(1, "http://0.0.0.0:" + receiver.port() + "/rebound");
                statement.setLong(2, allowedId);
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    id = rows.getLong(1);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            given().header("Authorization", "Bearer " + organiser).delete("/api/campaigns/{slug}/webhooks/{id}", slug, allowedId)
                    .then().statusCode(204);
            Api.signAndConfirm(slug, Api.signature("Rebound", Api.uniqueEmail("rebound")));
            Awaitility.await().atMost(WAIT).until(() -> Db.value(dataSource,
                    "SELECT last_error FROM webhook_delivery WHERE endpoint_id = ?", id) != null);
            assertTrue(Db.value(dataSource, "SELECT last_error FROM webhook_delivery WHERE endpoint_id = ?", id)
                    .contains("not called: 0.0.0.0"));
            Awaitility.await().atMost(WAIT).until(() -> Db.count(dataSource,
                    "SELECT attempts FROM webhook_delivery WHERE endpoint_id = ?", id) >= 2);
            assertEquals(List.of(), receiver.requests, "the receiver behind 0.0.0.0 was never called");
        }
    }

    @Test
    void aCampaignHasAtMostTenWebhooksAndNoExactDuplicate() {
        String organiser = Api.newOrganiser("Busy organiser");
        String slug = Api.openCampaign(organiser);
        long first = register(organiser, slug, "https://127.0.0.1/crm", List.of("signature.confirmed", "update.sent")).getLong("id");
        // The same URL and events, in another order: refused, it would receive every event twice.
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("url", "https://127.0.0.1/crm", "events", List.of("update.sent", "signature.confirmed")))
                .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("webhook " + first));
        // The same URL for other events is another subscription.
        register(organiser, slug, "https://127.0.0.1/crm", List.of("signature.confirmed"));
        for (int i = 3; i <= 10; i++) {
            register(organiser, slug, "https://127.0.0.1/hook-" + i, List.of("signature.confirmed"));
        }
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("url", "https://127.0.0.1/hook-11", "events", List.of("signature.confirmed")))
                .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("the most it may have (10)"));
        given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/webhooks", slug).then()
                .statusCode(200).body("size()", equalTo(10));
        given().header("Authorization", "Bearer " + organiser).delete("/api/campaigns/{slug}/webhooks/{id}", slug, first)
                .then().statusCode(204);
        register(organiser, slug, "https://127.0.0.1/hook-11", List.of("signature.confirmed"));
        // Another campaign of the same organiser has its own ten.
        register(organiser, Api.openCampaign(organiser), "https://127.0.0.1/hook-11", List.of("signature.confirmed"));
    }

    @Test
    void registrationRefusesMetadataAddressesBadUrlsUnknownEventsAndOthersCampaigns() {
        String organiser = Api.newOrganiser("Careful organiser");
        String slug = Api.openCampaign(organiser);
        for (String url : List.of("https://169.254.169.254/latest/meta-data/", "http://169.254.169.254/", "https://[fe80::1]/hook",
                "https://[::ffff:169.254.169.254]/", "https://0.0.0.0/", "ftp://crm.example.org/hook", "not a url",
                "https://user:secret@127.0.0.1/hook")) {
            given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                    .body(Map.of("url", url, "events", List.of("signature.confirmed")))
                    .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("url", "https://127.0.0.1/hook", "events", List.of("signature.deleted")))
                .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("url", "https://127.0.0.1/hook", "events", List.of()))
                .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(400);
        String other = Api.newOrganiser("Other organiser");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + other)
                .body(Map.of("url", "https://127.0.0.1/hook", "events", List.of("signature.confirmed")))
                .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(404);
        given().header("Authorization", "Bearer " + other).get("/api/campaigns/{slug}/webhooks", slug).then().statusCode(404);
        long id = register(organiser, slug, "https://127.0.0.1/hook", List.of("signature.confirmed")).getLong("id");
        given().header("Authorization", "Bearer " + other).delete("/api/campaigns/{slug}/webhooks/{id}", slug, id).then().statusCode(404);
        given().header("Authorization", "Bearer " + organiser).delete("/api/campaigns/{slug}/webhooks/{id}", slug, id).then().statusCode(204);
        given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/webhooks", slug).then()
                .statusCode(200).body("size()", equalTo(0));
    }
}

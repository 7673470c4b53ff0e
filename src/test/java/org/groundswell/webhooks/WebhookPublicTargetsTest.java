package org.groundswell.webhooks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks as production runs them, without {@code groundswell.webhooks.allow-private-targets}: loopback, private and
 * metadata targets are refused when registered, and not called at delivery when a registered host later resolves to
 * one (here: the row's URL changed underneath, as a DNS answer would change). The refusals are counted in the metrics.
 */
@QuarkusTest
@TestProfile(WebhookPublicTargetsTest.PublicTargetsOnly.class)
class WebhookPublicTargetsTest {

    public static class PublicTargetsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("groundswell.webhooks.allow-private-targets", "false");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A public address (TEST-NET-3, documentation): registrable, never called here. */
    private static final String PUBLIC = "https://203.0.113.10/hook";

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void loopbackPrivateAndMetadataTargetsAreRefusedAtRegistration() {
        String organiser = Api.newOrganiser("Public targets organiser");
        String slug = Api.openCampaign(organiser);
        try (Receiver receiver = new Receiver()) {
            for (String url : List.of(receiver.url(), "https://127.0.0.1:" + receiver.port() + "/hooks", "https://localhost/hook",
                    "https://[::1]/hook", "https://10.0.0.8/hook", "https://192.168.1.10/hook", "https://169.254.169.254/latest/meta-data/",
                    "https://[::ffff:127.0.0.1]/hook")) {
                given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                        .body(Map.of("url", url, "events", List.of("signature.confirmed")))
                        .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(400)
                        .contentType("application/problem+json").body(containsString("url"));
            }
            assertEquals(List.of(), receiver.requests);
        }
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("url", PUBLIC, "events", List.of("signature.confirmed")))
                .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(201);
    }

    @Test
    void aRefusedHostNameGetsOneAnswerThatNamesNoAddress() {
        String organiser = Api.newOrganiser("Mapping organiser");
        String slug = Api.openCampaign(organiser);
        // localhost resolves to loopback; a .invalid name resolves to nothing: the organiser cannot tell them apart.
        List<String> answers = new java.util.ArrayList<>();
        for (String url : List.of("https://localhost/hook", "https://no-such-host.invalid/hook")) {
            String message = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                    .body(Map.of("url", url, "events", List.of("signature.confirmed")))
                    .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("url"))
                    .extract().jsonPath().getString("errors[0].message");
            assertTrue(message.contains("must point to a public https server"), url + ": " + message);
            for (String leak : List.of("127.0.0.1", "::1", "loopback", "no address", "private", "/8")) {
                assertFalse(message.contains(leak), url + " answered " + message);
            }
            answers.add(message);
        }
        assertEquals(answers.get(0), answers.get(1));
        // An address written in the URL reveals nothing: its refusal stays specific.
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("url", "https://10.0.0.8/hook", "events", List.of("signature.confirmed")))
                .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(400)
                .body("errors[0].message", containsString("private (10.0.0.0/8)"));
    }

    @Test
    void atDeliveryLoopbackAndMetadataAddressesAreNotCalled() {
        try (Receiver receiver = new Receiver()) {
            String organiser = Api.newOrganiser("Rebound organiser");
            String slug = Api.openCampaign(organiser);
            Map<String, Long> endpoints = new LinkedHashMap<>();
            for (String target : List.of("https://127.0.0.1:" + receiver.port() + "/hooks", "https://localhost:" + receiver.port() + "/hooks",
                    "https://[::1]:" + receiver.port() + "/hooks", "https://169.254.169.254/latest/meta-data/")) {
                long id = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                        .body(Map.of("url", PUBLIC, "events", List.of("signature.confirmed")))
                        .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(201).extract().jsonPath().getLong("id");
                retarget(id, target);
                endpoints.put(target, id);
            }
            double refusedBefore = counter("groundswell_webhooks_deliveries_total", "outcome=\"refused\"");
            Api.signAndConfirm(slug, Api.signature("Rebound", Api.uniqueEmail("rebound")));
            endpoints.forEach((target, id) -> {
                Awaitility.await().atMost(WAIT).until(() -> Db.count(dataSource,
                        "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND last_error IS NOT NULL", id) == 1);
                String error = Db.value(dataSource, "SELECT last_error FROM webhook_delivery WHERE endpoint_id = ?", id);
                assertTrue(error.contains("not called: "), target + ": " + error);
                if (target.contains("localhost")) {
                    // A name: the organiser's delivery list does not say what it resolved to.
                    assertEquals(WebhookDispatcher.UNREACHABLE_HOST, error, target);
                } else {
                    assertTrue(error.contains(target.contains("169.254") ? "metadata" : "loopback"), target + ": " + error);
                }
                assertEquals("PENDING", Db.value(dataSource, "SELECT status FROM webhook_delivery WHERE endpoint_id = ?", id),
                        "refused now, tried again later (the name may resolve elsewhere by then)");
            });
            assertEquals(List.of(), receiver.requests, "the receiver on loopback was never called");
            Awaitility.await().atMost(WAIT).until(() ->
                    counter("groundswell_webhooks_deliveries_total", "outcome=\"refused\"") >= refusedBefore + endpoints.size());
        }
    }

    private void retarget(long endpoint, String url) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("UPDATE webhook_endpoint SET url = ? WHERE id = ?")) {
            statement.setString(1, url);
            statement.setLong(2, endpoint);
            assertEquals(1, statement.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of a counter on the management interface's /q/metrics, with the given tag (0 when not there yet). */
    private double counter(String name, String tag) {
        String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + "{") && l.contains(tag))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}

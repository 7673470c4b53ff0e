package org.groundswell.webhooks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Erasure reaches webhook bodies: a supporter erased by the admin or removed through their own link leaves no trace in
 * the deliveries queued for a receiver that is down (they are cancelled, never sent later), nor in a delivered body
 * kept for the delivery log (which can then not be replayed).
 */
@QuarkusTest
class WebhookErasureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ROW = "SELECT %s FROM webhook_delivery d JOIN signature s ON s.id = d.signature_id WHERE s.email = ?";

    @Inject
    AgroalDataSource dataSource;

    private static Map<String, Object> consenting(String name, String email) {
        Map<String, Object> signature = Api.signature(name, email);
        signature.put("consentToUpdates", true);
        return signature;
    }

    private long carrying(long endpoint, String text) {
        return Db.count(dataSource, "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND strpos(payload, ?) > 0", endpoint, text);
    }

    @Test
    void erasedSupportersLeaveThePendingAndTheKeptBodiesAndArePendingNoLonger() {
        try (Receiver receiver = new Receiver()) {
            String organiser = Api.newOrganiser("Erasure organiser");
            String slug = Api.openCampaign(organiser);
            long endpoint = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                    .body(Map.of("url", receiver.url(), "events", List.of("signature.confirmed")))
                    .post("/api/campaigns/{slug}/webhooks", slug).then().statusCode(201).extract().jsonPath().getLong("id");

            // Delivered while the receiver was up: the body is kept (for the delivery log and replays).
            String delivered = Api.uniqueEmail("delivered");
            Api.signAndConfirm(slug, consenting("Delivered Person", delivered));
            Awaitility.await().atMost(WAIT).until(() -> "DELIVERED".equals(Db.value(dataSource, ROW.formatted("d.status"), delivered)));
            assertTrue(receiver.requests.get(0).body().contains(delivered));

            // The receiver is down: two more wait in the queue, with the supporters' data in their bodies.
            receiver.stop();
            String pending = Api.uniqueEmail("pending");
            String removed = Api.uniqueEmail("removed");
            Api.signAndConfirm(slug, consenting("Pending Person", pending));
            Api.signAndConfirm(slug, consenting("Removed Person", removed));
            for (String email : List.of(delivered, pending, removed)) {
                assertEquals(1, carrying(endpoint, email), "the body carries " + email);
            }
            assertEquals("PENDING", Db.value(dataSource, ROW.formatted("d.status"), pending));
            long pendingId = Db.count(dataSource, ROW.formatted("d.id"), pending);
            long deliveredId = Db.count(dataSource, ROW.formatted("d.id"), delivered);
            long removedId = Db.count(dataSource, ROW.formatted("d.id"), removed);

            // The admin erases two addresses; the third supporter removes their signature through their own link.
            for (String email : List.of(pending, delivered)) {
                given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType(ContentType.JSON)
                        .body(Map.of("email", email)).post("/api/admin/supporters/erase").then().statusCode(200).body("erased", equalTo(1));
            }
            String remove = Api.removePath(Api.awaitMail(removed, "Next steps"));
            Api.fromTokenPage().post(remove).then().statusCode(200);

            // In the erasing transaction: no body carries them any more, the pending ones are cancelled.
            for (String text : List.of(delivered, pending, removed, "Delivered", "Pending", "Removed", "SW1A")) {
                assertEquals(0, carrying(endpoint, text), "no body carries " + text);
            }
            for (long id : List.of(pendingId, deliveredId, removedId)) {
                JsonPath body = JsonPath.from(Db.value(dataSource, "SELECT payload FROM webhook_delivery WHERE id = ?", id));
                assertEquals("signature.confirmed", body.getString("type"));
                assertEquals(Map.of("erased", true), body.getMap("data"));
            }
            assertEquals("CANCELLED", Db.value(dataSource, "SELECT status FROM webhook_delivery WHERE id = ?", pendingId));
            assertEquals("CANCELLED", Db.value(dataSource, "SELECT status FROM webhook_delivery WHERE id = ?", removedId));
            assertEquals("DELIVERED", Db.value(dataSource, "SELECT status FROM webhook_delivery WHERE id = ?", deliveredId));
            given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/webhooks/{id}/deliveries", slug, endpoint)
                    .then().statusCode(200).body("find { it.id == " + pendingId + " }.status", equalTo("CANCELLED"))
                    .body("find { it.id == " + pendingId + " }.erasedAt", notNullValue())
                    .body("find { it.id == " + deliveredId + " }.erasedAt", notNullValue());
            for (long id : List.of(deliveredId, pendingId)) {
                given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON)
                        .post("/api/campaigns/{slug}/webhooks/{id}/deliveries/{d}/retry", slug, endpoint, id)
                        .then().statusCode(409).contentType("application/problem+json");
            }

            // The receiver is back: a later supporter is delivered, the erased ones never are.
            receiver.restart();
            String later = Api.uniqueEmail("later");
            Api.signAndConfirm(slug, consenting("Later Person", later));
            Awaitility.await().atMost(WAIT).until(() -> "DELIVERED".equals(Db.value(dataSource, ROW.formatted("d.status"), later)));
            assertEquals(2, receiver.requests.size(), "the one delivered before, and the later one");
            assertTrue(receiver.requests.get(1).body().contains(later));
            for (Receiver.Request request : receiver.requests) {
                assertFalse(request.body().contains(pending) || request.body().contains(removed), request.body());
            }
            assertEquals("CANCELLED", Db.value(dataSource, "SELECT status FROM webhook_delivery WHERE id = ?", pendingId));
        }
    }
}

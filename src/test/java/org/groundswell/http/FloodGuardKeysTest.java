package org.groundswell.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.support.Api;
import org.groundswell.support.RawHttp;
import org.groundswell.support.RawHttp.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A partner's server posts for many people from one address: its writes carry an API key and meet the flood guard in
 * a bucket of their own, sized to the key budget, not the per-address flood limit. The same number of writes from
 * the same address without a key meets 429.
 */
@QuarkusTest
class FloodGuardKeysTest {

    private static final String FLOODED = "Too many requests from your address";

    @Inject
    GroundswellConfig config;

    @Test
    void writesWithAKeyPassTheEdgeWhereTheSameWritesWithoutOneMeet429() throws Exception {
        String organiser = Api.newOrganiser("Flood guard partner");
        String slug = Api.openCampaign(organiser);
        String key = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("name", "Partner server", "campaigns", List.of(slug)))
                .post("/api/organisers/me/keys").then().statusCode(201).extract().jsonPath().getString("key");
        String partner = Api.newClientAddress();
        String helper = "/api/osdi/v1/petitions/" + slug + "/record_signature_helper";
        // Twice the per-address burst (the refill while a loaded machine answers, 10 a second here, cannot cover that),
        // and each write invalid (no person) so that it costs no signature nor any of the key's budget: what answers
        // is the application (400, OSDI's field names) or the flood guard (429).
        int writes = 2 * config.limits().floodBurst();
        assertTrue(writes < config.apiKeys().signaturesPerSecond() * 60, "the key's bucket holds them all");

        List<Request> keyed = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            // Both ways of sending a key: OSDI's header, and a bearer token of a key's shape.
            Map<String, String> headers = i % 2 == 0
                    ? Map.of("Content-Type", "application/json", "X-Forwarded-For", partner, "OSDI-API-Token", key)
                    : Map.of("Content-Type", "application/json", "X-Forwarded-For", partner, "Authorization", "Bearer " + key);
            keyed.add(new Request("POST", helper, headers, "{}"));
        }
        List<Request> bare = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            bare.add(new Request("POST", helper, Map.of("Content-Type", "application/json", "X-Forwarded-For", partner), "{}"));
        }
        try (RawHttp http = new RawHttp("localhost", RestAssured.port)) {
            List<RawHttp.Answer> withKey = http.sendAll(keyed);
            List<Integer> statuses = withKey.stream().map(RawHttp.Answer::status).distinct().toList();
            assertEquals(List.of(400), statuses, "every write with the key passed the edge and was answered by the helper");
            assertTrue(withKey.get(writes - 1).body().contains("person"), withKey.get(writes - 1).body());

            List<RawHttp.Answer> withoutKey = http.sendAll(bare);
            RawHttp.Answer last = withoutKey.get(writes - 1);
            assertEquals(429, last.status(), "the same writes from the same address without a key are flooded: " + last.body());
            assertTrue(last.body().contains(FLOODED), last.body());
            assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1);
            assertTrue(withoutKey.stream().allMatch(a -> a.status() == 400 || a.status() == 429));

            // A key the server does not know buys the keyed bucket only (and each is refused once looked up): 401.
            RawHttp.Answer forged = http.send("POST", helper, Map.of("Content-Type", "application/json", "X-Forwarded-For", partner,
                    "OSDI-API-Token", "gsk_" + "A".repeat(43)), "{}");
            assertEquals(401, forged.status(), forged.body());
        }
    }
}

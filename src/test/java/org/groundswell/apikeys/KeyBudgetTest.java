package org.groundswell.apikeys;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key's signing budget over HTTP: beyond it, 429 problem+json with Retry-After, and nothing is stored or mailed. */
@QuarkusTest
@TestProfile(KeyBudgetTest.OneASecond.class)
class KeyBudgetTest {

    public static class OneASecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("groundswell.api-keys.signatures-per-second", "1");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void signaturesBeyondTheKeysBudgetAre429WithRetryAfter() throws Exception {
        String organiser = Api.newOrganiser("Budget keys");
        String slug = Api.openCampaign(organiser);
        String key = given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON)
                .body(Map.of("name", "Busy partner", "campaigns", List.of(slug))).post("/api/organisers/me/keys")
                .then().statusCode(201).extract().path("key");
        String server = Api.newClientAddress();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String email = Api.uniqueEmail("over-budget");
            answers.add(pool.submit(() -> given().header("Authorization", "Bearer " + key).header("X-Forwarded-For", server)
                    .contentType(ContentType.JSON).body(Api.signature("Busy", email)).post("/api/campaigns/{slug}/signatures", slug)));
        }
        int accepted = 0;
        int refused = 0;
        for (Future<Response> future : answers) {
            Response answer = future.get();
            if (answer.statusCode() == 202) {
                accepted++;
            } else {
                assertEquals(429, answer.statusCode(), answer.asString());
                assertEquals("application/problem+json", answer.contentType());
                assertTrue(Long.parseLong(answer.header("Retry-After")) >= 1, answer.header("Retry-After"));
                refused++;
            }
        }
        pool.shutdown();
        assertTrue(accepted >= 1 && refused >= 1, accepted + " accepted, " + refused + " refused");
        assertEquals(accepted, Db.count(dataSource,
                "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug),
                "a refused signature is not stored");

        // Without a key, the same server's address is not held back by the key's budget.
        Api.signFrom(server, slug, Api.signature("Own", Api.uniqueEmail("own"))).statusCode(202);
    }
}

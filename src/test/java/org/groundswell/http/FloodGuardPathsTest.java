package org.groundswell.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.groundswell.support.RawHttp;
import org.groundswell.support.RawHttp.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flood guard decides on the path the request is routed by: a write spelled through {@code /u/} is limited like
 * any other, and only the one-click unsubscribe with a token that verifies is let through. The requests go on the
 * wire exactly as written (a raw socket), since HTTP clients may normalise {@code ..} away before sending.
 */
@QuarkusTest
class FloodGuardPathsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GroundswellConfig config;

    @Test
    void aWriteSpelledThroughTheUnsubscribePathMeetsTheFloodLimit() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Walk-around organiser"));
        String flooder = Api.newClientAddress();
        String walkAround = "/u/../api/campaigns/" + slug + "/signatures";
        Map<String, String> json = Map.of("Content-Type", "application/json", "X-Forwarded-For", flooder);
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", flooder);
        try (RawHttp http = new RawHttp("localhost", RestAssured.port)) {
            // The path as written is routed to signing: it signs.
            String email = Api.uniqueEmail("walk-around");
            RawHttp.Answer signed = http.send("POST", walkAround, json,
                    new ObjectMapper().writeValueAsString(Api.signature("Walk Around", email)));
            assertEquals(202, signed.status(), signed.body());
            assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email));
            String unsubscribe = Api.unsubscribePath(Api.awaitMail(email, "Please confirm"));

            // A flood on that spelling (invalid signatures, to stay cheap) meets the 429 at the limit, like any other write:
            // twice the burst, so that the tokens that come back while a loaded machine answers (10 a second) cannot hide it.
            int limit = config.limits().floodBurst();
            List<RawHttp.Answer> flood = http.sendAll(Collections.nCopies(2 * limit, new Request("POST", walkAround, json, "{}")));
            List<Integer> statuses = flood.stream().map(RawHttp.Answer::status).distinct().toList();
            assertTrue(statuses.contains(429), "a flood of writes to " + walkAround + " meets 429: " + statuses);
            assertTrue(statuses.stream().allMatch(status -> status == 400 || status == 429), statuses.toString());
            RawHttp.Answer refused = flood.get(flood.size() - 1);
            assertEquals(429, refused.status());
            assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.header("Content-Type"));
            assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);

            // Straight after, from the flooded address: the one-click unsubscribe with its signed token gets through,
            // and nothing else under /u/ does (a token that does not verify, a valid one followed by more path). Each is
            // sent five times: the bucket refills while they are on their way, but not by five.
            List<Request> after = new ArrayList<>();
            after.addAll(Collections.nCopies(5, new Request("POST", "/u/1.not-a-signed-token", form, "List-Unsubscribe=One-Click")));
            after.addAll(Collections.nCopies(5, new Request("POST", unsubscribe + "/../../api/campaigns/" + slug + "/signatures", json, "{}")));
            after.addAll(Collections.nCopies(5, new Request("POST", unsubscribe, form, "List-Unsubscribe=One-Click")));
            List<Integer> answers = http.sendAll(after).stream().map(RawHttp.Answer::status).toList();
            assertTrue(answers.subList(0, 5).contains(429), "a /u/ token that does not verify is limited: " + answers);
            assertTrue(answers.subList(5, 10).contains(429), "a write through a valid /u/ token is limited: " + answers);
            assertEquals(Collections.nCopies(5, 200), answers.subList(10, 15), "the one-click unsubscribe: " + answers);
            assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ? AND unsubscribed_at IS NOT NULL", email),
                    "and the one-click unsubscribe did unsubscribe");
        }
    }
}

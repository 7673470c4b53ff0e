package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.groundswell.support.GroundswellTestResources;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL restarts while supporters sign: each hears 202 or 503 (problem+json, Retry-After), never a 500, and
 * every 202 is in the database afterwards.
 */
@QuarkusTest
class DatabaseRestartTest {

    @Inject
    AgroalDataSource dataSource;

    record Answer(String email, int status, String contentType, String retryAfter) {
    }

    @Test
    void signingThroughARestartLosesNothingThatWasAccepted() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Restart organiser"));
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean signing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                while (signing.get()) {
                    String email = Api.uniqueEmail("restart");
                    ExtractableResponse<Response> response = Api.sign(slug, Api.signature("Through A Restart", email)).extract();
                    answers.add(new Answer(email, response.statusCode(), response.contentType(), response.header("Retry-After")));
                }
                return null;
            });
        }
        // The two sleeps are the load's duration, not waits for an outcome: signers sign for a while before the
        // restart and for a while after it (what they met is asserted below, from their answers and the rows).
        Thread.sleep(1500);
        String how = GroundswellTestResources.restartDatabase();
        Thread.sleep(3000);
        signing.set(false);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));

        List<Answer> accepted = answers.stream().filter(a -> a.status() == 202).toList();
        List<Answer> unavailable = answers.stream().filter(a -> a.status() == 503).toList();
        List<Answer> other = answers.stream().filter(a -> a.status() != 202 && a.status() != 503).toList();
        assertEquals(List.of(), other, "only 202 or 503 (" + how + ")");
        assertTrue(unavailable.stream().allMatch(a -> a.contentType().startsWith("application/problem+json") && a.retryAfter() != null),
                "503 is a problem document with Retry-After");
        assertTrue(accepted.size() > 20, "signing went on before and after (" + how + "): " + accepted.size() + " accepted, "
                + unavailable.size() + " unavailable");
        assertTrue(!unavailable.isEmpty(), "some signers met the outage and heard 503 (" + how + ")");
        // The test's own pooled connections met the restart too: wait until a query gets through again.
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> Db.count(dataSource, "SELECT 1"));
        for (Answer answer : accepted) {
            assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", answer.email()),
                    "accepted and stored: " + answer.email());
        }
        System.out.printf("Database restart (%s): %d accepted, %d answered 503%n", how, accepted.size(), unavailable.size());
    }
}

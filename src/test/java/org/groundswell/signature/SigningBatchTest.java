package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group commit: concurrent signatures are written together, and one bad row fails only itself. */
@QuarkusTest
class SigningBatchTest {

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void concurrentDistinctSignaturesAreWrittenTogetherAndEachIsStoredAndMailed() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Batch organiser"));
        double batchesBefore = metric("groundswell_signing_batch_size_count");
        double writtenBefore = metric("groundswell_signing_batch_size_sum");
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            emails.add(Api.uniqueEmail("batch"));
        }
        List<Integer> statuses = signAtOnce(slug, emails, 50);
        assertTrue(statuses.stream().allMatch(s -> s == 202), statuses.toString());

        assertEquals(200, Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.status = 'PENDING'", slug));
        assertEquals(200, Db.count(dataSource, "SELECT count(*) FROM confirmation_token t JOIN signature s ON s.id = t.signature_id JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
        assertEquals(200, Db.count(dataSource, "SELECT count(*) FROM outbox_message o JOIN signature s ON s.id = o.signature_id JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND o.kind = 'CONFIRMATION'", slug));
        // The batch sizes are recorded just after the answers: wait for the last one.
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> metric("groundswell_signing_batch_size_sum") - writtenBefore >= 200);
        double batches = metric("groundswell_signing_batch_size_count") - batchesBefore;
        double written = metric("groundswell_signing_batch_size_sum") - writtenBefore;
        assertTrue(batches < written, "several signatures shared a transaction: " + written + " in " + batches + " transactions");
        assertTrue(metric("groundswell_signing_batch_size_max") >= 2, "the largest batch held more than one");
        for (String email : List.of(emails.get(0), emails.get(99), emails.get(199))) {
            Api.awaitMail(email, "Please confirm");
        }
    }

    @Test
    void aBatchWithOneBadRowFailsOnlyThatRow() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Poison organiser"));
        // A row the database refuses although it passed validation (a trigger stands in for any such surprise).
        execute("""
                CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger AS $$
                BEGIN
                  IF NEW.name = 'Poison Row' THEN RAISE EXCEPTION 'poison' USING ERRCODE = '22023'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON signature FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
        try {
            // On a busy machine the poison request may arrive alone and make a batch of one; then the round is
            // checked all the same and repeated with new addresses, until the poison shared a batch with others.
            double splitsBefore = metric("groundswell_signing_batch_splits_total");
            boolean split = false;
            for (int round = 1; round <= 5 && !split; round++) {
                List<String> emails = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    emails.add(Api.uniqueEmail("innocent"));
                }
                String poison = Api.uniqueEmail("poison");
                emails.add(20, poison);
                List<Integer> statuses = signAtOnce(slug, emails, 41);
                for (int i = 0; i < emails.size(); i++) {
                    assertEquals(emails.get(i).equals(poison) ? 400 : 202, statuses.get(i), emails.get(i));
                }
                assertEquals(40L * round, Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
                assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", poison));
                split = metric("groundswell_signing_batch_splits_total") > splitsBefore;
            }
            assertTrue(split, "the poison row failed a batch of several, which was written again one by one");
        } finally {
            execute("DROP TRIGGER refuse_poison ON signature");
            execute("DROP FUNCTION refuse_poison()");
        }
    }

    /** Signs every address at once (the one named "poison..." as "Poison Row"); answers the statuses in order. */
    private static List<Integer> signAtOnce(String slug, List<String> emails, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
        for (String email : emails) {
            String name = email.startsWith("poison") ? "Poison Row" : "Batch Signer";
            answers.add(pool.submit(() -> {
                start.await();
                return Api.sign(slug, Api.signature(name, email)).extract();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<ExtractableResponse<Response>> answer : answers) {
            ExtractableResponse<Response> response = answer.get();
            statuses.add(response.statusCode());
            if (response.statusCode() != 202) {
                assertTrue(response.contentType().startsWith("application/problem+json"), response.asString());
            } else {
                assertEquals(Map.of("status", "PENDING"), response.jsonPath().getMap(""));
            }
        }
        pool.shutdown();
        return statuses;
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private double metric(String name) {
        return given().get(metrics).then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}

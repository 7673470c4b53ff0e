package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ConcurrentSigningTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void fiftyConcurrentSignaturesWithOneAddressMakeExactlyOneRow() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Concurrency organiser"));
        String email = Api.uniqueEmail("race");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // Same address in different spellings: one normalised row.
            String spelling = i % 2 == 0 ? email : email.toUpperCase();
            answers.add(pool.submit(() -> {
                start.await();
                return Api.sign(slug, Api.signature("Racer", spelling)).extract().statusCode();
            }));
        }
        start.countDown();
        for (Future<Integer> answer : answers) {
            assertEquals(202, answer.get());
        }
        pool.shutdown();

        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE recipient = ?", email), "one confirmation mail");
        Api.awaitMails(email, 1);
        Background.settle();
        assertEquals(1, Api.mailsTo(email).size());
    }
}

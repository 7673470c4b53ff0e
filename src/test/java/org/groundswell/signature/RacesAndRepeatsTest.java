package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.mail.OutboxRepository;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.groundswell.support.Mails;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What clients do twice at once, and what a held supporter does the next day. */
@QuarkusTest
class RacesAndRepeatsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRepository outbox;

    @Test
    void tenConfirmationsOfOneLinkAtOnceAllSucceedAndCountOnce() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Double click"));
        String email = Api.uniqueEmail("double");
        String token = Api.signAndGetToken(slug, Api.signature("Double Clicker", email));
        List<Integer> statuses = atOnce(10, i -> i % 2 == 0
                ? () -> Api.confirmByLink(token).body(containsString("Your signature counts")).extract().statusCode()
                : () -> given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/signatures/confirm")
                .then().extract().statusCode());
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200), statuses);
        Api.awaitSignatureCount(slug, 1);
        Api.awaitMail(email, "Next steps");
        Background.settle(); // folded and sent: a second confirmation would be counted, a second steps mail received
        assertEquals(1, Background.countedSignatures(slug));
        assertEquals(1, Api.mailsTo(email).stream().filter(m -> Mails.subject(m).contains("Next steps")).count());
    }

    @Test
    void removingASignatureTwiceAtOnceTakesItOutOfTheCountOnce() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Double removal"));
        Api.signAndConfirm(slug, Api.signature("Stays", Api.uniqueEmail("stays")));
        String email = Api.uniqueEmail("twice");
        Api.signAndConfirm(slug, Api.signature("Removes Twice", email));
        Api.awaitSignatureCount(slug, 2);
        String remove = Api.removePath(Api.awaitMail(email, "Next steps"));
        List<Integer> statuses = atOnce(6, i -> () -> Api.fromTokenPage().post(remove).then().extract().statusCode());
        assertEquals(List.of(200, 200, 200, 200, 200, 200), statuses);
        Api.awaitSignatureCount(slug, 1);
        Background.settle();
        assertEquals(1, Background.countedSignatures(slug), "one removal, one less");
    }

    @Test
    void aSignatureHeldByTheAddressLimitIsLetGoWhenItsSignerSignsAgainWithinTheLimits() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("School organiser"));
        String school = Api.newClientAddress();
        List<String> pupils = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            String email = Api.uniqueEmail("pupil");
            pupils.add(email);
            Api.signFrom(school, slug, Api.signature("Pupil " + i, email)).statusCode(202);
        }
        String late = pupils.get(21);
        assertEquals("HELD", Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", late));
        // The next day, from home: signed again, it is a signature like any other.
        Api.signFrom(Api.newClientAddress(), slug, Api.signature("Pupil 21", late)).statusCode(202);
        assertEquals("PENDING", Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", late));
        Api.confirmByLink(Api.confirmationToken(Api.awaitMail(late, "Please confirm"))).statusCode(200);
        Api.awaitSignatureCount(slug, 1);
    }

    @Test
    void aReleaseNeverMailsAMailboxThatAskedForNoMailAtAll() throws Exception {
        String organiser = Api.newOrganiser("Suppression organiser");
        String slug = Api.openCampaign(organiser);
        String email = Api.uniqueEmail("no-mail");
        String other = Api.openCampaign(Api.newOrganiser("Elsewhere"));
        Api.signAndGetToken(other, Api.signature("Private", email));
        given().contentType("multipart/form-data").multiPart("List-Unsubscribe", "One-Click").multiPart("scope", "all")
                .post(Api.unsubscribePath(Api.awaitMail(email, "Please confirm"))).then().statusCode(200);
        // A bot signs the person up, from an address over its limit; the organiser releases what that address sent.
        String bot = Api.newClientAddress();
        for (int i = 0; i < 21; i++) {
            Api.signFrom(bot, slug, Api.signature("Bot " + i, i == 20 ? email : Api.uniqueEmail("bot"))).statusCode(202);
        }
        assertEquals("HELD", Db.value(dataSource, "SELECT s.status FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.email = ?", slug, email));
        String addressHash = Db.value(dataSource, "SELECT s.client_hash FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.email = ?", slug, email);
        given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON).body(Map.of("addressHash", addressHash))
                .post("/api/campaigns/{slug}/review/release", slug).then().statusCode(200).body("released", org.hamcrest.Matchers.equalTo(0));
        Background.settle();
        assertEquals(1, Api.mailsTo(email).size(), "only the first confirmation, from before the suppression");
    }

    @Test
    void theMinutesCapOnConfirmationsIsSharedThroughTheDatabase() {
        // Everything asked for while under the cap, counted in the minute's row every replica shares ...
        assertEquals(3, (int) QuarkusTransaction.requiringNew().call(() -> outbox.takeConfirmationAllowance(3, Integer.MAX_VALUE)));
        assertTrue(Db.count(dataSource, "SELECT coalesce(sum(confirmations), 0) FROM mail_rate WHERE minute >= date_trunc('minute', now()) - interval '1 minute'") >= 3);
        // ... nothing once this minute has sent the cap (a cap of 0 is reached from the start): those wait.
        assertEquals(0, (int) QuarkusTransaction.requiringNew().call(() -> outbox.takeConfirmationAllowance(5, 0)));
        // The rule: what is left of the cap, never below zero.
        assertEquals(2, OutboxRepository.grant(5, 10, 8));
        assertEquals(5, OutboxRepository.grant(5, 10, 0));
        assertEquals(0, OutboxRepository.grant(5, 10, 12));
    }

    @Test
    void aChangedCampaignIsSeenWithinASecond() {
        String organiser = Api.newOrganiser("Editor");
        String slug = Api.openCampaign(organiser);
        given().get("/api/campaigns/{slug}", slug).then().statusCode(200);
        given().get("/c/{slug}", slug).then().statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser).body(Map.of("title", "Renamed at once"))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                "Renamed at once".equals(given().get("/api/campaigns/{slug}", slug).then().extract().path("title"))
                        && given().get("/c/{slug}", slug).asString().contains("<h1>Renamed at once</h1>"));
    }

    private interface Call {
        Integer run() throws Exception;
    }

    private static List<Integer> atOnce(int n, java.util.function.IntFunction<Call> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Call call = calls.apply(i);
            answers.add(pool.submit(() -> {
                start.await();
                return call.run();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();
        return statuses;
    }
}

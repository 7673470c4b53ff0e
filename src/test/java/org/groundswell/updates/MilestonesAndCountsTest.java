package org.groundswell.updates;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.signature.SignatureTally;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.groundswell.support.Mails;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class MilestonesAndCountsTest {

    @Inject
    SignatureTally tally;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void eachMilestoneMailsTheOrganiserOnceThoughTwoReplicasFoldAtOnce() throws Exception {
        String organiserEmail = Api.uniqueEmail("milestones");
        String organiser = given().contentType("application/json").header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
                .body(Map.of("name", "Milestone Organiser", "email", organiserEmail)).post("/api/organisers").then().statusCode(201)
                .extract().path("token");
        String slug = Api.unique("goal");
        Map<String, Object> campaign = new HashMap<>(Api.campaign(slug, "OPEN", List.of(Api.emailStep())));
        campaign.put("goal", 8); // milestones at 1, 2, 4, 6 and 8 confirmed signatures
        Api.createCampaign(organiser, campaign);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(Api.signAndGetToken(slug, Api.signature("Milestone " + i, Api.uniqueEmail("ms"))));
        }

        // Confirmations all at once, and besides the service's own folding two more folders, as two more replicas would.
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch confirming = new CountDownLatch(tokens.size());
        List<Future<?>> work = new ArrayList<>();
        for (String token : tokens) {
            work.add(pool.submit(() -> {
                start.await();
                try {
                    Api.confirmByLink(token).statusCode(200);
                } finally {
                    confirming.countDown();
                }
                return null;
            }));
        }
        for (int replica = 0; replica < 2; replica++) {
            work.add(pool.submit(() -> {
                start.await();
                // Fold after fold for as long as confirmations come in, and once more after the last.
                do {
                    tally.fold();
                } while (confirming.getCount() > 0);
                tally.fold();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> done : work) {
            done.get();
        }
        pool.shutdown();
        Api.awaitSignatureCount(slug, 8);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Api.mailsTo(organiserEmail).size() >= 5);
        Background.settle(); // folded and sent: a milestone mailed twice would be at the SMTP server now
        List<String> subjects = Api.mailsTo(organiserEmail).stream().map(Mails::subject).sorted().toList();
        assertEquals(5, subjects.size(), subjects.toString());
        for (int percent : List.of(10, 25, 50, 75, 100)) {
            assertEquals(1, subjects.stream().filter(s -> s.endsWith(" reached " + percent + "% of its goal")).count(), subjects.toString());
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/api/campaigns/{slug}", slug).then().extract()
                .jsonPath().getList("milestones.percent").equals(List.of(10, 25, 50, 75, 100)));
    }

    @Test
    void countsByPlaceMatchTheConfirmedSignatures() {
        String slug = Api.openCampaign(Api.newOrganiser("Counts organiser"));
        signFrom(slug, "US", "WA", 7, true);
        signFrom(slug, "US", "WA", 7, true);
        signFrom(slug, "US", "WA", 9, true);
        signFrom(slug, "US", "TX", null, true);
        signFrom(slug, "GB", "Kent", null, true);
        signFrom(slug, "US", "CA", 12, false); // pending: not counted anywhere
        Api.awaitSignatureCount(slug, 5);

        JsonPath counts = given().get("/api/campaigns/{slug}/counts", slug).then().statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.startsWith("public")).extract().jsonPath();
        assertEquals(5, counts.getInt("total"));
        assertEquals(List.of(Map.of("code", "US", "count", 4), Map.of("code", "GB", "count", 1)), counts.getList("countries"));
        assertEquals(List.of(Map.of("code", "WA", "count", 3), Map.of("code", "TX", "count", 1)), counts.getList("usStates"));
        assertEquals(List.of(Map.of("code", "WA-07", "count", 2), Map.of("code", "WA-09", "count", 1)), counts.getList("usDistricts"));
        // The page shows the top places as a table with bars.
        var page = org.jsoup.Jsoup.parse(given().get("/c/{slug}", slug).asString());
        assertEquals(List.of("Washington", "Texas"), page.select("table.places tbody th").eachText());
        assertEquals(List.of("3", "1"), page.select("table.places meter").eachAttr("value"));
    }

    @Test
    void countsReadAsPeopleWriteThemOnThePagesAndInTheMilestoneMail() throws Exception {
        String organiserEmail = Api.uniqueEmail("grouped");
        String organiser = given().contentType("application/json").header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
                .body(Map.of("name", "Grouped Organiser", "email", organiserEmail)).post("/api/organisers").then().statusCode(201)
                .extract().path("token");
        String slug = Api.unique("grouped");
        Map<String, Object> campaign = new HashMap<>(Api.campaign(slug, "OPEN", List.of(Api.emailStep())));
        campaign.put("goal", 25_000);
        Api.createCampaign(organiser, campaign);
        // 2,500 confirmed signatures without signing 2,500 times: the delta their confirmations would have added,
        // which the service folds into the count (and which crosses the 10 % milestone) as it folds its own.
        long campaignId = Long.parseLong(Db.value(dataSource, "SELECT id FROM campaign WHERE slug = ?", slug));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO signature_tally_delta (campaign_id, delta) VALUES (?, 2500)")) {
            insert.setLong(1, campaignId);
            insert.executeUpdate();
        }
        Api.awaitSignatureCount(slug, 2_500);

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var page = org.jsoup.Jsoup.parse(given().get("/c/{slug}", slug).then().statusCode(200).extract().asString());
            assertEquals("2,500 of 25,000 signatures", page.getElementById("count").text());
            var progress = page.selectFirst("progress.goal");
            assertEquals("25000", progress.attr("max"), "the progress bar's values stay numbers");
            assertEquals("2500", progress.attr("value"));
            assertEquals("2,500 of 25,000", progress.text());
        });
        var index = org.jsoup.Jsoup.parse(given().get("/").then().statusCode(200).extract().asString());
        var entry = index.select("ul.campaigns li").stream().filter(li -> li.select("a[href=/c/" + slug + "]").size() == 1).findFirst().orElseThrow();
        assertEquals("2,500 of 25,000 signatures", entry.selectFirst("p.count").text());

        var mail = Api.awaitMail(organiserEmail, "reached 10% of its goal");
        // A mail is read later: the moment in words, absolute, not "2 hours ago".
        String reached = "has reached 10% of its goal on \\d{1,2} [A-Z][a-z]+ \\d{4}, \\d{2}:\\d{2} UTC: 2,500 confirmed signatures of 25,000\\.";
        assertTrue(java.util.regex.Pattern.compile(reached).matcher(Mails.text(mail)).find(), Mails.text(mail));
        assertTrue(java.util.regex.Pattern.compile(reached).matcher(org.jsoup.Jsoup.parse(Mails.html(mail)).text()).find(), Mails.html(mail));
    }

    private static void signFrom(String slug, String country, String region, Integer district, boolean confirm) {
        Map<String, Object> signature = Api.signature("Placed", Api.uniqueEmail("placed"));
        signature.put("country", country);
        signature.put("region", region);
        signature.put("district", district);
        if (confirm) {
            Api.signAndConfirm(slug, signature);
        } else {
            Api.sign(slug, signature).statusCode(202);
        }
    }
}

package org.groundswell.mail;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.groundswell.support.GroundswellTestResources;
import org.groundswell.support.Mails;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SmtpOutageTest {

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL metrics;

    @Test
    void signingWorksWhileSmtpIsDownAndEveryMailIsDeliveredOnceWhenItIsBack() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Outage organiser"));
        List<String> addresses = new ArrayList<>();
        GroundswellTestResources.stopSmtp();
        try {
            for (int i = 0; i < 5; i++) {
                String email = Api.uniqueEmail("outage");
                addresses.add(email);
                Api.sign(slug, Api.signature("Patient " + i, email)).statusCode(202);
            }
            // The dispatcher tries, fails and backs off; the mail stays in the outbox.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> maxAttempts(addresses.get(0)) >= 1);
            assertEquals(5, countPending(addresses));
            // The depth gauge shows the backlog.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().get(metrics).then().statusCode(200).extract().asString()
                    .lines().anyMatch(l -> l.startsWith("groundswell_outbox_depth") && !l.endsWith(" 0.0")));
        } finally {
            GroundswellTestResources.startSmtp();
        }
        for (String email : addresses) {
            Api.awaitMail(email, "Please confirm");
        }
        Background.settle(); // the outbox sent all it holds: a duplicate would be at the SMTP server now
        for (String email : addresses) {
            assertEquals(1, Api.mailsTo(email).size(), "exactly one mail for " + email);
            assertTrue(Mails.subject(Api.mailsTo(email).get(0)).startsWith("Please confirm"));
        }
        // A mail reaches the SMTP server before its round records it SENT.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> countPending(addresses) == 0);
    }

    @Test
    void operatorsSeeFailedMailAndCanRetryIt() throws Exception {
        String email = Api.uniqueEmail("failed");
        long id = Db.count(dataSource, """
                INSERT INTO outbox_message (kind, recipient, subject, html_body, text_body, status, attempts, last_error)
                VALUES ('TEST', ?, 'Given up', '<p>hi</p>', 'hi', 'FAILED', 12, 'Connection refused') RETURNING id""", email);
        given().get("/api/admin/outbox?status=FAILED").then().statusCode(401).contentType("application/problem+json");
        String failed = given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).get("/api/admin/outbox?status=FAILED&size=500")
                .then().statusCode(200).extract().asString();
        assertTrue(failed.contains(email));
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).post("/api/admin/outbox/{id}/retry", id)
                .then().statusCode(200);
        Api.awaitMail(email, "Given up");
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).post("/api/admin/outbox/{id}/retry", id)
                .then().statusCode(409);
    }

    @Test
    void aSubjectCarryingCrLfCannotAddAHeader() throws Exception {
        String organiser = Api.newOrganiser("Header organiser");
        String slug = Api.unique("hdr");
        Map<String, Object> campaign = new java.util.HashMap<>(Api.campaign(slug, "OPEN", List.of(Api.emailStep())));
        // Titles may not hold control characters at all ...
        campaign.put("title", "Evil\r\nBcc: victim@example.org");
        given().contentType("application/json").header("Authorization", "Bearer " + organiser).body(campaign)
                .post("/api/campaigns").then().statusCode(400).contentType("application/problem+json");
        // ... and neither may supporter names.
        String slug2 = Api.openCampaign(organiser);
        Api.sign(slug2, Api.signature("Mallory\r\nBcc: victim@example.org", Api.uniqueEmail("mallory"))).statusCode(400)
                .contentType("application/problem+json");
        // Even a subject written straight into the outbox leaves as one line.
        String email = Api.uniqueEmail("header");
        Db.value(dataSource, """
                INSERT INTO outbox_message (kind, recipient, subject, html_body, text_body, status)
                VALUES ('TEST', ?, 'Hello' || chr(13) || chr(10) || 'Bcc: victim@example.org', '<p>x</p>', 'x', 'PENDING')
                RETURNING id""", email);
        var mail = Api.awaitMail(email, "Hello");
        assertEquals(null, mail.getHeader("Bcc"));
        assertEquals(List.of(email), Mails.recipients(mail));
    }

    private long maxAttempts(String email) throws Exception {
        return Db.count(dataSource, "SELECT coalesce(max(attempts), 0) FROM outbox_message WHERE recipient = ?", email);
    }

    private long countPending(List<String> emails) throws Exception {
        long total = 0;
        for (String email : emails) {
            total += Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE recipient = ? AND status = 'PENDING'", email);
        }
        return total;
    }
}

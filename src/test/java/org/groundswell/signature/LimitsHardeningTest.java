package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.groundswell.security.KeyedHashes;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.groundswell.support.GroundswellTestResources;
import org.groundswell.support.Mails;
import org.groundswell.support.MutableClock;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ways around the limits, closed (issue 16, items 2 and 3): the confirmation mail as a spam channel (names with
 * links, the name in the mail, mailbox variants, fresh IPv6 /64s) and releases that mailed past the mailbox limit.
 */
@QuarkusTest
class LimitsHardeningTest {

    /** The defaults (application.properties): per mailbox and day, and from one address to one campaign in a minute. */
    private static final int MAILBOX_PER_DAY = 10;
    private static final int ADDRESS_BURST = 20;
    private static final int NETWORK_BURST = 60;
    /** The test profile's release caps. */
    private static final int RELEASE_PER_CALL = 25;
    private static final int RELEASE_PER_DAY = 40;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MutableClock clock;

    @Inject
    KeyedHashes hashes;

    @Inject
    MailboxHashBackfill backfill;

    // ---- 16.2 (a): the confirmation mail carries nothing the signer typed; names with links are refused -------------

    @Test
    void theConfirmationMailCarriesTheCampaignsWordsOnlyNeverTheName() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Quiet mail"));
        String email = Api.uniqueEmail("quiet");
        String name = "Mailbox full, call Zyxwvut Restoration";
        Api.sign(slug, Api.signature(name, email)).statusCode(202);
        MimeMessage mail = Api.awaitMail(email, "Please confirm");
        assertFalse(Mails.text(mail).contains("Zyxwvut"), Mails.text(mail));
        assertFalse(Mails.html(mail).contains("Zyxwvut"), Mails.html(mail));
        assertTrue(Mails.text(mail).contains("Campaign " + slug), "the campaign's own title is there");
        assertEquals(name, Db.value(dataSource, "SELECT name FROM signature WHERE email = ?", email), "the name is kept for the organiser");
    }

    @Test
    void aNameWithALinkOrAnAddressIsRefusedWithAFieldErrorByTheApi() {
        String slug = Api.openCampaign(Api.newOrganiser("Link names"));
        for (String name : List.of("Mailbox full - restore at https://evil.example/r", "restore at evil.example",
                "see bit.ly/x3", "write to help@evil.example", "www.evil.example", "hxxp://evil", "ftp://files",
                "visit t.co/abc")) {
            String email = Api.uniqueEmail("link-name");
            Api.sign(slug, Api.signature(name, email)).statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", anyOf(equalTo("name"), equalTo("input.name"))) // the body's field, as the API names it
                    .body("errors[0].message", containsString("without a web address"));
            assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email), name);
        }
        for (String name : List.of("Ada Lovelace", "J.R.R. Tolkien", "Dr. Martin Luther King Jr.", "O'Brien-Smith",
                "A. N. Other", "Zoë Ætheling", "李小龍")) {
            Api.sign(slug, Api.signature(name, Api.uniqueEmail("plain-name"))).statusCode(202);
        }
    }

    @Test
    void theFormShowsTheSameErrorBesideTheNameField() {
        String slug = Api.openCampaign(Api.newOrganiser("Link form"));
        Response served = given().get("/c/{slug}", slug);
        assertEquals(200, served.statusCode());
        Map<String, String> fields = new HashMap<>();
        for (Element input : Jsoup.parse(served.asString()).select("form input[type=hidden]")) {
            fields.put(input.attr("name"), input.attr("value"));
        }
        clock.advance(Duration.ofSeconds(6)); // past the form's minimum time to submit (5 s in tests)
        String email = Api.uniqueEmail("link-form");
        fields.putAll(Map.of("name", "Restore at https://evil.example/r", "email", email, "country", "GB"));
        Response answer = given().header("Sec-Fetch-Site", "same-origin").header("X-Forwarded-For", Api.newClientAddress())
                .contentType("application/x-www-form-urlencoded").formParams(fields).post("/c/{slug}", slug);
        assertEquals(400, answer.statusCode());
        Document page = Jsoup.parse(answer.asString());
        Element name = page.getElementById("name");
        assertEquals("true", name.attr("aria-invalid"));
        Element error = page.getElementById("name-error");
        assertTrue(error.text().contains("without a web address"), error.text());
        assertEquals(name.parent(), error.parent(), "the error stands beside its field");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email));
    }

    // ---- 16.2 (b): one canonical mailbox for limits, suppression, erasure and duplicates -----------------------------

    @Test
    void gmailDotAndGooglemailVariantsAreOneMailboxForDuplicatesLimitsSuppressionAndErasure() throws Exception {
        String organiser = Api.newOrganiser("Canonical organiser");
        String user = "vic" + Api.unique("tim").replaceAll("[^a-z0-9]", "");
        String plain = user + "@gmail.com";
        List<String> variants = List.of(dotted(user) + "@gmail.com", user + "@googlemail.com",
                dotted(user).toUpperCase() + "+petition@GoogleMail.com", user.charAt(0) + "." + user.substring(1) + "+x@gmail.com");

        // One signature per campaign and mailbox: the variants are repeats of the first.
        String first = Api.openCampaign(organiser);
        Api.sign(first, Api.signature("Victor", plain)).statusCode(202);
        for (String variant : variants) {
            Api.sign(first, Api.signature("Victor", variant)).statusCode(202);
        }
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", first));

        // One mailbox for the day's limit: dot variants over 12 more campaigns get 10 mails in all.
        for (int i = 0; i < MAILBOX_PER_DAY + 2; i++) {
            Api.sign(Api.openCampaign(organiser), Api.signature("Victor", variants.get(i % variants.size()))).statusCode(202);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> mailsToGmailBox(user).size() >= MAILBOX_PER_DAY);
        Background.settle(); // every mail queued so far is at the SMTP server: one more would be counted
        assertEquals(MAILBOX_PER_DAY, mailsToGmailBox(user).size(), "at most 10 a day to one Gmail mailbox, whatever the dots");

        // "No mail from any campaign", asked from one variant, holds for every other.
        MimeMessage mail = mailsToGmailBox(user).get(0);
        given().contentType("multipart/form-data").multiPart("List-Unsubscribe", "One-Click").multiPart("scope", "all")
                .post(Api.unsubscribePath(mail)).then().statusCode(200);
        String later = Api.openCampaign(organiser);
        Api.sign(later, Api.signature("Victor", dotted(user) + "+later@googlemail.com")).statusCode(202);
        assertTrue(Db.value(dataSource, "SELECT array_to_string(held_reasons, ',') FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?",
                later).contains("SUPPRESSED"));

        // Erasure of one form erases every variant.
        long stored = Db.count(dataSource, "SELECT count(*) FROM signature WHERE mailbox_hash = ?", mailboxHash(plain));
        assertEquals(MAILBOX_PER_DAY + 2 + 2, stored);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType("application/json")
                .body(java.util.Map.of("email", variants.get(1)))
                .post("/api/admin/supporters/erase").then().statusCode(200).body("erased", equalTo((int) stored));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE mailbox_hash = ? OR replace(email, '.', '') LIKE ?",
                mailboxHash(plain), user + "%"));
    }

    @Test
    void theBackfillGivesOlderRowsTheirCanonicalHashMergesTwinsAndCarriesTheSuppression() throws Exception {
        String organiser = Api.newOrganiser("Backfill organiser");
        String slug = Api.openCampaign(organiser);
        long campaignId = Long.parseLong(Db.value(dataSource, "SELECT id FROM campaign WHERE slug = ?", slug));
        String user = "twin" + Api.unique("box").replaceAll("[^a-z0-9]", "");
        String oldHash = "old-form-" + user; // the hash the dotted address had before canonical mailboxes
        // As the V13 migration leaves them: a confirmed dotted Gmail signature marked for a new hash (its mailbox was
        // suppressed under the old one), and, in the same campaign, a pending signature of the same mailbox without dots.
        insert(campaignId, dotted(user) + "@gmail.com", "CONFIRMED", oldHash, true);
        insert(campaignId, user + "@gmail.com", "PENDING", hashes.ofMailbox(user + "@gmail.com"), false);
        insert(campaignId, "unhashed-" + user + "@example.org", "PENDING", null, false);
        execute("INSERT INTO suppression (mailbox_hash) VALUES (?)", oldHash);

        MailboxHashBackfill.Done done = backfill.run();
        assertTrue(done.hashed() >= 2 && done.merged() >= 1, done.toString());
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email IS NOT NULL AND (mailbox_hash IS NULL OR mailbox_rehash)"));
        String canonical = hashes.ofMailbox(user + "@gmail.com");
        assertEquals("CONFIRMED", Db.value(dataSource, "SELECT status FROM signature WHERE campaign_id = ? AND mailbox_hash = ?", campaignId, canonical),
                "the confirmed twin stays; the pending one is merged into it");
        assertEquals(dotted(user) + "@gmail.com", Db.value(dataSource, "SELECT email FROM signature WHERE campaign_id = ? AND mailbox_hash = ?", campaignId, canonical));
        assertEquals(hashes.ofMailbox("unhashed-" + user + "@example.org"),
                Db.value(dataSource, "SELECT mailbox_hash FROM signature WHERE email = ?", "unhashed-" + user + "@example.org"));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM suppression WHERE mailbox_hash = ?", canonical),
                "the suppression follows the mailbox to its canonical hash");
        String other = Api.openCampaign(organiser);
        Api.sign(other, Api.signature("Twin", user + "@googlemail.com")).statusCode(202);
        assertEquals("HELD", Db.value(dataSource, "SELECT s.status FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", other));
    }

    // ---- 16.2 (c): an IPv6 /48 has one budget --------------------------------------------------------------------------

    @Test
    void freshSlash64sOfOneSlash48ShareItsBudget() {
        String slug = Api.openCampaign(Api.newOrganiser("Network organiser"));
        String site = String.format("2001:db8:%x", ThreadLocalRandom.current().nextInt(1, 0xffff));
        int signs = NETWORK_BURST + 5;
        for (int i = 0; i < signs; i++) {
            // Every request from a /64 of its own (the /64 limit never applies), all in one /48.
            Api.signFrom(site + ":" + Integer.toHexString(i + 1) + "::1", slug, Api.signature("Site " + i, Api.uniqueEmail("site"))).statusCode(202);
        }
        String campaign = "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND ";
        assertEquals(NETWORK_BURST, Db.count(dataSource, campaign + "s.status = 'PENDING'", slug));
        assertEquals(signs - NETWORK_BURST, Db.count(dataSource, campaign + "s.held_reasons = ARRAY['NETWORK_BURST']::varchar[]", slug));
        assertEquals(signs, Db.count(dataSource, "SELECT count(DISTINCT client_hash) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
    }

    // ---- 16.3: a release never mails past the mailbox's limits, and is capped --------------------------------------

    @Test
    void releasingEverythingHeldNeverMailsAMailboxBeyondItsLimit() throws Exception {
        String organiser = Api.newOrganiser("Release organiser");
        String victim = Api.unique("victim");
        String attacker = Api.newClientAddress();
        // One campaign, 60 signs of victim+N from one address: one signature (one mailbox), one mail.
        String one = Api.openCampaign(organiser);
        for (int i = 0; i < 60; i++) {
            Api.signFrom(attacker, one, Api.signature("Attacker", victim + "+" + i + "@example.org")).statusCode(202);
        }
        // Fourteen more campaigns, each signed from one address: twenty others first, then victim+N, held by the address.
        List<String> campaigns = new java.util.ArrayList<>();
        for (int c = 0; c < 14; c++) {
            String slug = Api.openCampaign(organiser);
            campaigns.add(slug);
            for (int i = 0; i < ADDRESS_BURST; i++) {
                Api.signFrom(attacker, slug, Api.signature("Filler", Api.uniqueEmail("filler"))).statusCode(202);
            }
            Api.signFrom(attacker, slug, Api.signature("Attacker", victim + "+c" + c + "@example.org")).statusCode(202);
        }
        String mailbox = victim + "@example.org";
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", one));
        assertEquals(14, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email LIKE ? AND status = 'HELD' AND 'ADDRESS_BURST' = ANY (held_reasons)", victim + "+%"));
        // Confirmation mails so far: the first campaign's, and its re-sends to repeats (at most one per 2 s in tests).
        long mailedBefore = Db.count(dataSource, "SELECT count(*) FROM confirmation_token t JOIN signature s ON s.id = t.signature_id WHERE s.email LIKE ?", victim + "+%");
        assertTrue(mailedBefore >= 1 && mailedBefore < MAILBOX_PER_DAY, "mailed at signing: " + mailedBefore);

        // The owner releases everything each address sent: the mailbox gets up to its limit, no more.
        String addressHash = Db.value(dataSource, "SELECT client_hash FROM signature WHERE email = ?", victim + "+c0@example.org");
        int released = 0;
        int kept = 0;
        for (String slug : campaigns) {
            JsonPath answer = release(organiser, slug, Map.of("addressHash", addressHash));
            released += answer.getInt("released");
            kept += answer.getInt("kept");
        }
        assertEquals(MAILBOX_PER_DAY - mailedBefore, released, "released up to the day's ten mails");
        assertEquals(14 - released, kept, "the others kept held");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Api.mailsToMailbox(mailbox).size() >= MAILBOX_PER_DAY);
        Background.settle(); // every mail queued so far is at the SMTP server: one more would be counted
        assertEquals(MAILBOX_PER_DAY, Api.mailsToMailbox(mailbox).size(), "never more than the mailbox's limit");
        assertEquals(kept, Db.count(dataSource,
                "SELECT count(*) FROM signature WHERE email LIKE ? AND status = 'HELD' AND held_reasons = ARRAY['MAILBOX']::varchar[]", victim + "+%"),
                "the rest stay held, now for the mailbox's limit only");
        // A signature over several limits records them all: a new one of the victim's, after twenty others.
        String last = Api.openCampaign(organiser);
        for (int i = 0; i < ADDRESS_BURST; i++) {
            Api.signFrom(attacker, last, Api.signature("Filler", Api.uniqueEmail("filler"))).statusCode(202);
        }
        Api.signFrom(attacker, last, Api.signature("Attacker", victim + "+last@example.org")).statusCode(202);
        assertEquals("ADDRESS_BURST,MAILBOX", Db.value(dataSource, "SELECT array_to_string(held_reasons, ',') FROM signature WHERE email = ?",
                victim + "+last@example.org"));
        JsonPath review = given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/review", last)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, review.getInt("heldByReason.ADDRESS_BURST"));
        assertEquals(1, review.getInt("heldByReason.MAILBOX"));
    }

    @Test
    void releasesAreCappedPerCallAndPerCampaignEachDay() {
        String organiser = Api.newOrganiser("Capped organiser");
        String slug = Api.openCampaign(organiser);
        String school = Api.newClientAddress();
        int signs = ADDRESS_BURST + 60;
        for (int i = 0; i < signs; i++) {
            Api.signFrom(school, slug, Api.signature("Pupil " + i, Api.uniqueEmail("pupil"))).statusCode(202);
        }
        String held = "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.status = 'HELD'";
        assertEquals(60, Db.count(dataSource, held, slug));
        String addressHash = Db.value(dataSource, "SELECT DISTINCT s.client_hash FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug);
        JsonPath first = release(organiser, slug, Map.of("addressHash", addressHash));
        assertEquals(RELEASE_PER_CALL, first.getInt("released"));
        assertTrue(first.getBoolean("capped"));
        JsonPath second = release(Api.ADMIN_TOKEN, slug, Map.of("addressHash", addressHash));
        assertEquals(RELEASE_PER_DAY - RELEASE_PER_CALL, second.getInt("released"), "the rest of the campaign's day");
        assertTrue(second.getBoolean("capped"));
        assertEquals(0, release(organiser, slug, Map.of("addressHash", addressHash)).getInt("released"));
        assertEquals(60 - RELEASE_PER_DAY, Db.count(dataSource, held, slug));
        assertEquals(RELEASE_PER_DAY, Db.count(dataSource,
                "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND s.released_at IS NOT NULL", slug));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    private static JsonPath release(String token, String slug, Map<String, Object> selection) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(selection)
                .post("/api/campaigns/{slug}/review/release", slug).then().statusCode(200).extract().jsonPath();
    }

    /** "v.i.c.t.i.m..." */
    private static String dotted(String user) {
        return String.join(".", user.split(""));
    }

    private String mailboxHash(String address) {
        return hashes.ofMailbox(address);
    }

    /** Mails received by any Gmail form of {@code user}. */
    private static List<MimeMessage> mailsToGmailBox(String user) {
        return Arrays.stream(GroundswellTestResources.mail().getReceivedMessages())
                .filter(m -> Mails.recipients(m).stream().anyMatch(r -> {
                    String local = r.substring(0, r.indexOf('@'));
                    String domain = r.substring(r.indexOf('@') + 1);
                    int plus = local.indexOf('+');
                    String box = (plus > 0 ? local.substring(0, plus) : local).replace(".", "");
                    return box.equals(user) && (domain.equals("gmail.com") || domain.equals("googlemail.com"));
                })).toList();
    }

    private void insert(long campaignId, String email, String status, String mailboxHash, boolean rehash) throws SQLException {
        execute("""
                INSERT INTO signature (campaign_id, name, email, country, consent_to_updates, status, confirmed_at, client_hash,
                                       mailbox_hash, mailbox_rehash)
                VALUES (?, 'Older', ?, 'GB', false, ?, CASE WHEN ? = 'CONFIRMED' THEN now() END, 'older', ?, ?)""",
                campaignId, email, status, status, mailboxHash, rehash ? Boolean.TRUE : null);
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}

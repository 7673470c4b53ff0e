package org.groundswell.support;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** Small steps the tests share: talk to the API over HTTP and read what the SMTP server received. */
public final class Api {

    public static final String ADMIN_TOKEN = "test-admin-token";
    private static final Pattern CONFIRM_LINK = Pattern.compile("/confirm/([A-Za-z0-9_-]{20,})");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final AtomicInteger CLIENTS = new AtomicInteger(new java.util.Random().nextInt(1 << 20));

    private Api() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String uniqueEmail(String prefix) {
        return unique(prefix) + "@example.org";
    }

    /** Creates an organiser through the admin API and answers its bearer token. */
    public static String newOrganiser(String name) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .body(Map.of("name", name, "email", uniqueEmail("organiser")))
                .post("/api/organisers")
                .then().statusCode(201).extract().path("token");
    }

    public static Map<String, Object> campaign(String slug, String status, List<Map<String, Object>> steps) {
        Map<String, Object> campaign = new HashMap<>();
        campaign.put("slug", slug);
        campaign.put("title", "Campaign " + slug);
        campaign.put("summary", "Summary of " + slug);
        campaign.put("body", "Body of " + slug);
        campaign.put("topic", "testing");
        campaign.put("goal", 100);
        campaign.put("status", status);
        campaign.put("steps", steps);
        return campaign;
    }

    public static Map<String, Object> emailStep() {
        return Map.of("kind", "EMAIL", "title", "E-mail the regulator", "instructions", "Send this mail.",
                "target", Map.of("name", "Federal Trade Commission", "email", "contact@ftc.gov"),
                "subjectTemplate", "Fair rules from {supporter.name}",
                "messageTemplate", "Dear {target.name},\nplease act.\n{supporter.name}, {supporter.country}");
    }

    public static Map<String, Object> letterStep() {
        return Map.of("kind", "LETTER", "title", "Write to NIST", "instructions", "Post this letter.",
                "target", Map.of("name", "National Institute of Standards and Technology",
                        "postalAddress", "100 Bureau Drive, Gaithersburg, MD 20899"),
                "messageTemplate", "Dear Director,\nfair standards please.\n{supporter.name}");
    }

    /** An OPEN campaign with an EMAIL and a LETTER step; answers its slug. */
    public static String openCampaign(String organiserToken) {
        String slug = unique("camp");
        createCampaign(organiserToken, campaign(slug, "OPEN", List.of(emailStep(), letterStep())));
        return slug;
    }

    public static ValidatableResponse createCampaign(String organiserToken, Map<String, Object> campaign) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiserToken)
                .body(campaign).post("/api/campaigns").then().statusCode(201);
    }

    public static Map<String, Object> signature(String name, String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("email", email);
        body.put("country", "GB");
        body.put("postalCode", "SW1A 1AA");
        body.put("consentToUpdates", false);
        return body;
    }

    /** Signs from a client address of its own (the tests play the trusted proxy): no test meets another's limits. */
    public static ValidatableResponse sign(String slug, Map<String, Object> signature) {
        return signFrom(newClientAddress(), slug, signature);
    }

    /** Signs from the given client address, as the proxy in front would say it in X-Forwarded-For. */
    public static ValidatableResponse signFrom(String clientAddress, String slug, Map<String, Object> signature) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", clientAddress).body(signature)
                .post("/api/campaigns/{slug}/signatures", slug).then();
    }

    /** A client address nobody else uses (in 10.0.0.0/8). */
    public static String newClientAddress() {
        int n = CLIENTS.incrementAndGet();
        return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    /** The confirmation page after the person pressed its button (a GET of the link confirms nothing). */
    public static ValidatableResponse confirmByLink(String token) {
        return fromTokenPage().post("/confirm/{token}", token).then();
    }

    /**
     * A form posted by a current browser from one of our pages with a token in its URL (confirm, unsubscribe,
     * remove): it says {@code Sec-Fetch-Site: same-origin}, and {@code Origin: null} as those pages ask for no referrer.
     */
    public static RequestSpecification fromTokenPage() {
        return given().header("Sec-Fetch-Site", "same-origin").header("Origin", "null")
                .contentType("application/x-www-form-urlencoded; charset=UTF-8");
    }

    public static long signatureCount(String slug) {
        return given().get("/api/campaigns/{slug}", slug).then().statusCode(200)
                .extract().jsonPath().getLong("signatureCount");
    }

    public static void awaitSignatureCount(String slug, long expected) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> signatureCount(slug) == expected);
    }

    /** Mails the SMTP server received for one address, oldest first. */
    public static List<MimeMessage> mailsTo(String recipient) {
        return Arrays.stream(GroundswellTestResources.mail().getReceivedMessages())
                .filter(m -> Mails.recipients(m).contains(recipient))
                .toList();
    }

    /** Mails the SMTP server received for every +tag variant of a mailbox ("ada@example.org": also ada+x@...). */
    public static List<MimeMessage> mailsToMailbox(String mailbox) {
        String local = mailbox.substring(0, mailbox.indexOf('@'));
        String domain = mailbox.substring(mailbox.indexOf('@'));
        return Arrays.stream(GroundswellTestResources.mail().getReceivedMessages())
                .filter(m -> Mails.recipients(m).stream().anyMatch(r -> r.equals(mailbox) || r.startsWith(local + "+") && r.endsWith(domain)))
                .toList();
    }

    public static List<MimeMessage> awaitMails(String recipient, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> mailsTo(recipient).size() >= count);
        return mailsTo(recipient);
    }

    public static MimeMessage awaitMail(String recipient, String subjectPart) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> mailsTo(recipient).stream().anyMatch(m -> Mails.subject(m).contains(subjectPart)));
        return mailsTo(recipient).stream().filter(m -> Mails.subject(m).contains(subjectPart)).findFirst().orElseThrow();
    }

    /** The token of the confirmation link in a mail. */
    public static String confirmationToken(MimeMessage mail) {
        Matcher matcher = CONFIRM_LINK.matcher(Mails.text(mail));
        if (!matcher.find()) {
            throw new AssertionError("No confirmation link in: " + Mails.text(mail));
        }
        return matcher.group(1);
    }

    /** The rendered steps of a confirmed signature, asked for with its token (in the body, never in a URL). */
    public static ValidatableResponse steps(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/signatures/steps").then();
    }

    /** Signs, confirms through the link and answers the confirmation token. */
    public static String signAndConfirm(String slug, Map<String, Object> signature) {
        String token = signAndGetToken(slug, signature);
        confirmByLink(token).statusCode(200);
        return token;
    }

    /** The one-click unsubscribe URL in a mail's List-Unsubscribe header, as a path ("/u/..."). */
    public static String unsubscribePath(MimeMessage mail) {
        try {
            String header = mail.getHeader("List-Unsubscribe", null);
            return header.substring(header.indexOf("/u/"), header.length() - 1);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The "remove my signature" link of a mail's text, as a path ("/remove/..."). */
    public static String removePath(MimeMessage mail) {
        String text = Mails.text(mail);
        return text.substring(text.indexOf("/remove/")).lines().findFirst().orElseThrow().strip();
    }

    /** Signs, waits for the confirmation mail and answers its token. */
    public static String signAndGetToken(String slug, Map<String, Object> signature) {
        sign(slug, signature).statusCode(202);
        return confirmationToken(awaitMail((String) signature.get("email"), "Please confirm"));
    }
}

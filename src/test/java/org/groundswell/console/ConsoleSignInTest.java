package org.groundswell.console;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.common.Tokens;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Console;
import org.groundswell.support.Db;
import org.groundswell.support.Mails;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing in to the console by e-mail link, sessions and their cookie, and the console's CSRF check, over HTTP. */
@QuarkusTest
class ConsoleSignInTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anUnknownAddressGetsTheSameAnswerAsAKnownOneAndNoMail() {
        Console.Organiser organiser = Console.newOrganiser("Known");
        String unknown = Api.uniqueEmail("unknown");
        Response forUnknown = Console.requestLink(unknown);
        Response forKnown = Console.requestLink(organiser.email());
        // Requests are handled after the answer, one after the other: once the known address has its mail, the
        // unknown one was handled too.
        assertEquals(200, forUnknown.statusCode());
        assertEquals(200, forKnown.statusCode());
        assertEquals(forKnown.asString(), forUnknown.asString(), "the same page, word for word");
        assertTrue(forKnown.asString().contains("a link to sign in is on its way"), forKnown.asString());
        assertNull(forKnown.getCookie(Console.COOKIE), "asking for a link signs no one in");

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Console.signInMails(organiser.email()) == 1);
        assertEquals(0, Api.mailsTo(unknown).size(), "no mail to an address nobody invited");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM sign_in_link WHERE email = ?", unknown));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM sign_in_link WHERE email = ?", organiser.email()));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE kind = 'SIGN_IN' AND priority <> 0"),
                "sign-in mail goes first, never behind bulk mail");
        // A mail is read later: when the link stops working, as an absolute moment in words.
        String expires = Db.value(dataSource, "SELECT to_char(expires_at AT TIME ZONE 'UTC', 'FMDD FMMonth YYYY, HH24:MI') FROM sign_in_link WHERE email = ?",
                organiser.email());
        var mail = Api.mailsTo(organiser.email()).get(0);
        assertTrue(Mails.text(mail).contains("for 15 minutes: until " + expires + " UTC"), Mails.text(mail));
        assertTrue(Mails.html(mail).contains("until " + expires + " UTC"), Mails.html(mail));
    }

    @Test
    void theAnswerComesBeforeTheLookUpAndTheMail() throws Exception {
        Console.Organiser organiser = Console.newOrganiser("Waiting");
        try (java.sql.Connection blocker = dataSource.getConnection()) {
            // While nothing can read or write the links, a known address's answer still comes at once: nothing of
            // the look-up, the link or the mail happens before it (an unknown address's never did).
            blocker.setAutoCommit(false);
            try (var statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE sign_in_link IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            Response answer = Console.fromThisSite().config(io.restassured.RestAssured.config().httpClient(
                            io.restassured.config.HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 10_000)))
                    .header("X-Forwarded-For", Api.newClientAddress()).contentType(ContentType.URLENC)
                    .formParam("email", organiser.email()).post("/organise/sign-in");
            assertEquals(200, answer.statusCode());
            assertTrue(answer.asString().contains("a link to sign in is on its way"));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
            assertEquals(0, Console.signInMails(organiser.email()));
            blocker.rollback();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Console.signInMails(organiser.email()) == 1);
    }

    @Test
    void aSentSignInMailKeepsNoLinkInTheOutbox() {
        Console.Organiser organiser = Console.newOrganiser("Outbox");
        String token = Console.awaitLinkToken(organiser.email());
        // The SMTP server has the mail before the outbox records it sent.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Db.count(dataSource,
                "SELECT count(*) FROM outbox_message WHERE recipient = ? AND kind = 'SIGN_IN' AND status = 'SENT'", organiser.email()) == 1);
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE recipient = ? "
                + "AND (html_body IS NOT NULL OR text_body IS NOT NULL)", organiser.email()), "the body went with the link");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM outbox_message WHERE position(? in coalesce(html_body, '') "
                + "|| coalesce(text_body, '') || coalesce(subject, '')) > 0", token));
        assertEquals(303, Console.useLink(token).statusCode(), "the link in the mail still signs in");
    }

    @Test
    void notAnAddressIsShownNextToTheField() {
        Console.requestLink("not-an-address").then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("id=\"email-error\""), containsString("value=\"not-an-address\""));
    }

    @Test
    void openingTheLinkSignsNoOneInAndItsButtonSignsInOnce() {
        Console.Organiser organiser = Console.newOrganiser("Once");
        String token = Console.awaitLinkToken(organiser.email());
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM sign_in_link WHERE token_hash = ?", Tokens.hash(token)),
                "only the token's hash is stored");

        for (int i = 0; i < 2; i++) { // a mail scanner, then the person
            Response opened = given().redirects().follow(false).get("/organise/sign-in/{token}", token);
            assertEquals(200, opened.statusCode());
            assertNull(opened.getCookie(Console.COOKIE));
            assertTrue(opened.asString().contains("<form method=\"post\" action=\"/organise/sign-in/" + token + "\">"));
            assertEquals("no-store", opened.header("Cache-Control"));
        }
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM console_session WHERE email = ?", organiser.email()));

        Response signedIn = Console.useLink(token);
        assertEquals(303, signedIn.statusCode());
        String session = signedIn.getCookie(Console.COOKIE);
        assertTrue(Console.isSignedIn(session));
        Console.home(session).then().body(containsString(organiser.email()), containsString("Sign out everywhere"));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM console_session WHERE id_hash = ?", Tokens.hash(session)),
                "the session is stored as the hash of its id");

        Response again = Console.useLink(token);
        assertEquals(410, again.statusCode(), "a used link signs no one in");
        assertNull(again.getCookie(Console.COOKIE));
        assertTrue(again.asString().contains("Link already used"));
        given().get("/organise/sign-in/{token}", token).then().statusCode(410);

        // A new link gives a new session: a new id at every sign-in.
        String second = Console.signIn(organiser.email());
        assertNotEquals(session, second);
        assertTrue(Console.isSignedIn(session) && Console.isSignedIn(second));
    }

    @Test
    void anExpiredOrUnknownLinkSignsNoOneIn() {
        Console.Organiser organiser = Console.newOrganiser("Late");
        String token = Console.awaitLinkToken(organiser.email());
        assertEquals(1, Db.count(dataSource,
                "WITH moved AS (UPDATE sign_in_link SET created_at = created_at - interval '16 minutes', "
                        + "expires_at = expires_at - interval '16 minutes' WHERE token_hash = ? RETURNING 1) SELECT count(*) FROM moved",
                Tokens.hash(token)));
        given().get("/organise/sign-in/{token}", token).then().statusCode(410).body(containsString("Link expired"));
        Response late = Console.useLink(token);
        assertEquals(410, late.statusCode());
        assertNull(late.getCookie(Console.COOKIE));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM console_session WHERE email = ?", organiser.email()));

        Response unknown = Console.useLink("x".repeat(43));
        assertEquals(404, unknown.statusCode());
        assertNull(unknown.getCookie(Console.COOKIE));
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndOnlyForTheConsole() {
        Console.Organiser organiser = Console.newOrganiser("Cookie");
        Response signedIn = Console.useLink(Console.awaitLinkToken(organiser.email()));
        String setCookie = signedIn.header("Set-Cookie");
        List<String> attributes = List.of(setCookie.split(";\\s*"));
        assertTrue(attributes.get(0).matches(Console.COOKIE + "=[A-Za-z0-9_-]{43}"), setCookie);
        assertTrue(attributes.contains("HttpOnly"), setCookie);
        assertTrue(attributes.contains("SameSite=Strict"), setCookie);
        assertTrue(attributes.contains("Path=/organise"), setCookie);
        assertTrue(attributes.contains("Max-Age=604800"), setCookie);
        assertFalse(attributes.contains("Secure"), "the public URL of the tests is http: " + setCookie);
        assertEquals("no-store", signedIn.header("Cache-Control"));
    }

    @Test
    void consolePagesAreNeverStoredAndPublicPagesSetNoCookie() {
        Response form = given().get("/organise");
        assertEquals(200, form.statusCode());
        assertEquals("no-store", form.header("Cache-Control"));
        assertTrue(form.asString().contains("Mail me a sign-in link"));
        String slug = Api.openCampaign(Api.newOrganiser("Public"));
        for (String path : List.of("/", "/c/" + slug, "/api/campaigns/" + slug)) {
            Response page = given().get(path);
            assertEquals(200, page.statusCode(), path);
            assertNull(page.header("Set-Cookie"), path);
        }
        assertTrue(given().get("/c/" + slug).header("Cache-Control").startsWith("public"));
    }

    @Test
    void aCrossSitePostWithAValidSessionIsRefusedAndChangesNothing() {
        Console.Organiser organiser = Console.newOrganiser("Cross site");
        String session = Console.signIn(organiser.email());
        for (var attempt : List.<java.util.function.Function<io.restassured.specification.RequestSpecification,
                io.restassured.specification.RequestSpecification>>of(
                r -> r.header("Sec-Fetch-Site", "cross-site"),
                r -> r.header("Sec-Fetch-Site", "same-site"),
                r -> r.header("Origin", "https://evil.example"),
                r -> r.header("Origin", "null"),
                r -> r.header("Referer", "https://evil.example/organise"),
                r -> r)) {
            for (String path : List.of("/organise/sign-out", "/organise/sign-out-everywhere")) {
                Response refused = attempt.apply(given().redirects().follow(false).cookie(Console.COOKIE, session)).post(path);
                assertEquals(403, refused.statusCode(), path);
                assertNull(refused.getCookie(Console.COOKIE));
                assertEquals("no-store", refused.header("Cache-Control"));
            }
            // Nor can another site ask for links in someone's name.
            Response link = attempt.apply(given().redirects().follow(false)).contentType(ContentType.URLENC)
                    .formParam("email", organiser.email()).post("/organise/sign-in");
            assertEquals(403, link.statusCode());
        }
        assertTrue(Console.isSignedIn(session), "the session is still there");
        assertEquals(1, Console.signInMails(organiser.email()));

        // The same request with the browser's word that it comes from this site (or an Origin of ours) works.
        given().redirects().follow(false).cookie(Console.COOKIE, session).header("Origin", "http://localhost:8080")
                .post("/organise/sign-out").then().statusCode(303);
        assertFalse(Console.isSignedIn(session));
    }

    @Test
    void signingOutEndsTheSessionAndEverywhereEndsAllOfThem() {
        Console.Organiser organiser = Console.newOrganiser("Leaving");
        String laptop = Console.signIn(organiser.email());
        String phone = Console.signIn(organiser.email());
        String tablet = Console.signIn(organiser.email());

        Response out = Console.fromThisSite().cookie(Console.COOKIE, laptop).post("/organise/sign-out");
        assertEquals(303, out.statusCode());
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"), out.header("Set-Cookie"));
        assertFalse(Console.isSignedIn(laptop));
        assertTrue(Console.isSignedIn(phone));

        Console.fromThisSite().cookie(Console.COOKIE, phone).post("/organise/sign-out-everywhere").then().statusCode(303);
        assertFalse(Console.isSignedIn(phone));
        assertFalse(Console.isSignedIn(tablet));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM console_session WHERE email = ?", organiser.email()));
    }

    @Test
    void aSessionIdleForTwelveHoursHasEnded() {
        Console.Organiser organiser = Console.newOrganiser("Idle");
        String session = Console.signIn(organiser.email());
        Db.count(dataSource, "WITH moved AS (UPDATE console_session SET last_seen_at = last_seen_at - interval '12 hours 1 minute' "
                + "WHERE id_hash = ? RETURNING 1) SELECT count(*) FROM moved", Tokens.hash(session));
        assertFalse(Console.isSignedIn(session));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM console_session WHERE id_hash = ?", Tokens.hash(session)));
    }

    @Test
    void disablingAnOrganiserEndsTheirSessionsAndTheyGetNoMoreLinks() {
        Console.Organiser organiser = Console.newOrganiser("Disabled");
        String session = Console.signIn(organiser.email());
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).delete("/api/organisers/{id}", organiser.id())
                .then().statusCode(204);
        assertFalse(Console.isSignedIn(session));
        Console.requestLink(organiser.email()).then().statusCode(200).body(containsString("on its way"));
        Console.requestLink(Api.uniqueEmail("marker")).then().statusCode(200);
        Console.settleSignIns();
        Background.settle();
        assertEquals(1, Console.signInMails(organiser.email()), "only the link from before");
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM sign_in_link WHERE email = ?", organiser.email()));
    }

    @Test
    void signInMailsAreLimitedPerMailboxAndPerClientAddress() {
        Console.Organiser organiser = Console.newOrganiser("Many links");
        for (int i = 0; i < 5; i++) {
            Console.requestLink(organiser.email()).then().statusCode(200).body(containsString("on its way"));
        }
        Console.settleSignIns();
        assertEquals(3, links(organiser.email()), "at most 3 live links per mailbox");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Console.signInMails(organiser.email()) == 3);

        String client = Api.newClientAddress();
        List<Console.Organiser> others = List.of(Console.newOrganiser("A"), Console.newOrganiser("B"), Console.newOrganiser("C"),
                Console.newOrganiser("D"));
        for (Console.Organiser other : others) {
            Console.requestLinkFrom(client, other.email()).then().statusCode(200).body(containsString("on its way"));
        }
        Console.settleSignIns();
        assertEquals(3, others.stream().filter(o -> links(o.email()) == 1).count(), "3 links per client address and hour in the tests");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> others.stream().mapToLong(o -> Console.signInMails(o.email())).sum() == 3);
    }

    @Test
    void someoneAskingForLinksInAnothersNameCannotLockThemOut() {
        Console.Organiser organiser = Console.newOrganiser("Targeted");
        // Every quarter of an hour, an attacker asks for more links than the mailbox may hold; each batch expires.
        for (int batch = 1; batch <= 5; batch++) {
            for (int i = 0; i < 4; i++) {
                Console.requestLink(organiser.email()).then().statusCode(200);
            }
            Console.settleSignIns();
            assertEquals(Math.min(3 * batch, 12) + Math.max(0, batch - 4), links(organiser.email()), "batch " + batch);
            expireLinks(organiser.email());
        }
        // 13 links within the hour, none live: the person who asks now still gets one, and it signs in.
        assertEquals(13, links(organiser.email()));
        Background.settle(); // the batches' mails are all in, so that the next one is the person's
        String session = Console.signIn(organiser.email());
        assertTrue(Console.isSignedIn(session));
        // While a link is live past the hour's 12, no more are mailed: the one in the inbox signs in.
        Console.requestLink(organiser.email()).then().statusCode(200);
        Console.requestLink(organiser.email()).then().statusCode(200);
        Console.settleSignIns();
        assertEquals(15, links(organiser.email()));
        Console.requestLink(organiser.email()).then().statusCode(200);
        Console.settleSignIns();
        assertEquals(15, links(organiser.email()), "one live link past the hour's 12: no more");
    }

    private long links(String email) {
        return Db.count(dataSource, "SELECT count(*) FROM sign_in_link WHERE email = ?", email);
    }

    /** A quarter of an hour passes for the address's links: they expire, and stay within the hour's window. */
    private void expireLinks(String email) {
        Db.count(dataSource, "WITH moved AS (UPDATE sign_in_link SET created_at = created_at - interval '1 minute', "
                + "expires_at = now() - interval '1 second' WHERE email = ? RETURNING 1) SELECT count(*) FROM moved", email);
    }

    @Test
    void aConsolePageNeedsASession() {
        given().redirects().follow(false).cookie(Console.COOKIE, "no-such-session-" + "x".repeat(30)).get("/organise")
                .then().statusCode(200).body(containsString("Mail me a sign-in link"), not(containsString("Your campaigns")));
    }
}

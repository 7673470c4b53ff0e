package org.groundswell.support;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.internet.MimeMessage;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** Steps of the console tests: ask for a sign-in link, read it from the mail, sign in, act with a session. */
public final class Console {

    public static final String COOKIE = "groundswell_session";
    public static final String SIGN_IN_SUBJECT = "Your sign-in link";
    private static final Pattern LINK = Pattern.compile("/organise/sign-in/([A-Za-z0-9_-]{20,})");

    private Console() {
    }

    /** An organiser with a known address; answers its id, address and bearer token. */
    public record Organiser(long id, String email, String token) {
    }

    public static Organiser newOrganiser(String name) {
        String email = Api.uniqueEmail("console-organiser");
        var created = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
                .body(Map.of("name", name, "email", email)).post("/api/organisers")
                .then().statusCode(201).extract().jsonPath();
        return new Organiser(created.getLong("id"), email, created.getString("token"));
    }

    /** A request as a browser sends it from a console page (it says the form comes from this site). */
    public static RequestSpecification fromThisSite() {
        return given().redirects().follow(false).header("Sec-Fetch-Site", "same-origin");
    }

    /** Asks for a sign-in link from a client address of its own; answers the page. */
    public static Response requestLink(String email) {
        return requestLinkFrom(Api.newClientAddress(), email);
    }

    public static Response requestLinkFrom(String clientAddress, String email) {
        return fromThisSite().header("X-Forwarded-For", clientAddress).contentType(ContentType.URLENC)
                .formParam("email", email).post("/organise/sign-in");
    }

    public static String linkToken(MimeMessage mail) {
        Matcher matcher = LINK.matcher(Mails.text(mail));
        if (!matcher.find()) {
            throw new AssertionError("No sign-in link in: " + Mails.text(mail));
        }
        return matcher.group(1);
    }

    /** Asks for a link, waits for its mail (the n-th sign-in mail to that address) and answers its token. */
    public static String awaitLinkToken(String email) {
        int before = (int) Api.mailsTo(email).stream().filter(m -> Mails.subject(m).contains(SIGN_IN_SUBJECT)).count();
        requestLink(email).then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> signInMails(email) > before);
        return linkToken(Api.mailsTo(email).stream().filter(m -> Mails.subject(m).contains(SIGN_IN_SUBJECT))
                .reduce((a, b) -> b).orElseThrow());
    }

    /**
     * Waits until every request for a link made so far has been handled (mailed, limited or found unknown): they
     * are handled after the answer, one after the other.
     */
    public static void settleSignIns() {
        org.groundswell.console.SignInService signIns = io.quarkus.arc.Arc.container()
                .instance(org.groundswell.console.SignInService.class).get();
        org.awaitility.Awaitility.await("sign-in requests handled").atMost(java.time.Duration.ofSeconds(20))
                .pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(20)).until(signIns::isIdle);
    }

    public static long signInMails(String email) {
        return Api.mailsTo(email).stream().filter(m -> Mails.subject(m).contains(SIGN_IN_SUBJECT)).count();
    }

    /** Presses the link's button; answers the answer (303 with the session cookie when it signs in). */
    public static Response useLink(String token) {
        return fromThisSite().post("/organise/sign-in/{token}", token);
    }

    /** Signs in through a mailed link; answers the session id of the cookie. */
    public static String signIn(String email) {
        Response signedIn = useLink(awaitLinkToken(email));
        signedIn.then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/organise"));
        return signedIn.getCookie(COOKIE);
    }

    /** The console's front page with that session. */
    public static Response home(String session) {
        return given().redirects().follow(false).cookie(COOKIE, session).get("/organise");
    }

    /** Whether the session still signs someone in (the front page shows the campaigns, not the sign-in form). */
    public static boolean isSignedIn(String session) {
        String page = home(session).then().statusCode(200).extract().asString();
        return page.contains("Your campaigns") && !page.contains("Mail me a sign-in link");
    }
}

package org.groundswell.console;

import org.groundswell.support.Browsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.groundswell.support.Api;
import org.groundswell.support.Screenshots;
import org.groundswell.support.Console;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Chromium, headless, signs in to the console from the mailed link and signs out. Screenshots of each page at
 * 1280 and 390 px wide go to target/screenshots (console-*.png).
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startBrowser() throws Exception {
        Files.createDirectories(Screenshots.FOLDER);
        browser = Browsers.start(1280);
    }


    /** Each test starts signed out, whatever the one before left behind. */
    @org.junit.jupiter.api.BeforeEach
    void signedOut() {
        browser.get(url("/organise"));
        browser.manage().deleteAllCookies();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOrganiserSignsInFromTheMailedLinkAndSignsOut() throws Exception {
        Console.Organiser organiser = Console.newOrganiser("Browser organiser");
        String slug = Api.openCampaign(organiser.token());
        Api.signAndConfirm(slug, Api.signature("First Supporter", Api.uniqueEmail("first")));
        given().contentType("application/json").header("Authorization", "Bearer " + organiser.token())
                .body(Map.of("goal", 25_000)).patch("/api/campaigns/{slug}", slug).then().statusCode(200);
        Api.awaitSignatureCount(slug, 1);

        browser.get(url("/organise"));
        assertEquals("Sign in", heading());
        screenshots("console-sign-in");
        browser.findElement(By.id("email")).sendKeys(organiser.email());
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> driver.findElement(By.cssSelector("p.notice[role=status]")).isDisplayed());
        screenshots("console-link-sent");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Console.signInMails(organiser.email()) == 1);
        String token = Console.linkToken(Api.mailsTo(organiser.email()).get(0));
        browser.get(url("/organise/sign-in/" + token));
        assertEquals("Sign in", heading());
        assertNull(browser.manage().getCookieNamed(Console.COOKIE), "opening the link signs no one in");
        screenshots("console-sign-in-button");
        submitAndAwaitHeading("form button[type=submit]", "Your campaigns");
        assertTrue(browser.manage().getCookieNamed(Console.COOKIE).isHttpOnly());
        String list = browser.findElement(By.tagName("main")).getText();
        assertTrue(list.contains("Campaign " + slug), list);
        assertTrue(list.contains("1 confirmed of 25,000 (0%)"), list);
        assertTrue(browser.findElement(By.tagName("header")).getText().contains(organiser.email()));
        String datetime = browser.findElement(By.cssSelector("ul.campaigns time")).getAttribute("datetime");
        assertTrue(datetime.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), datetime);
        screenshots("console-campaigns");

        submitAndAwaitHeading("form[action='/organise/sign-out'] button", "Sign in");
        browser.get(url("/organise"));
        assertEquals("Sign in", heading(), "signed out: the console asks to sign in again");
    }

    @Test
    void anOrganiserRunsACampaignFromTheConsolePages() throws Exception {
        Console.Organiser organiser = Console.newOrganiser("Pages organiser");
        String slug = Api.openCampaign(organiser.token());
        String base = "/organise/campaigns/" + slug;
        signInFromTheMail(organiser.email());

        browser.get(url(base));
        assertEquals("Campaign " + slug, heading());
        assertEquals("0", browser.findElement(By.id("confirmed")).getAttribute("data-value"));
        assertEquals("0", waTile().getAttribute("data-count"));
        accessible("dashboard");
        screenshots("console-dashboard");

        // A supporter in WA signs and confirms through the API; the dashboard shows it on reload.
        Map<String, Object> signer = new java.util.HashMap<>(Api.signature("WA Supporter", Api.uniqueEmail("wa")));
        signer.putAll(Map.of("country", "US", "region", "WA", "district", 7, "postalCode", "98101"));
        Api.signAndConfirm(slug, signer);
        new WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(300)).until(driver -> {
            driver.navigate().refresh();
            return "1".equals(driver.findElement(By.id("confirmed")).getAttribute("data-value"))
                    && "1".equals(waTile().getAttribute("data-count"));
        });

        // Updates: a test goes to the person signed in.
        browser.findElement(By.linkText("Updates")).click();
        assertEquals("Updates to supporters", heading());
        accessible("updates");
        screenshots("console-updates");
        browser.findElement(By.id("subject")).sendKeys("News from the browser");
        browser.findElement(By.id("body")).sendKeys("Dear {supporter.name},\n\nthank you.");
        browser.findElement(By.cssSelector("button[formaction$='/updates/test']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> driver.findElement(By.cssSelector("p.notice[role=status]")).getText().contains("Test sent"));
        Api.awaitMail(organiser.email(), "News from the browser");
        browser.findElement(By.cssSelector("form.update button:not([formaction])")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> driver.findElement(By.tagName("h1")).getText().startsWith("Send to "));
        accessible("update confirmation");
        screenshots("console-update-confirm");

        // Review: 21 signatures from one address in a minute, the last held; released through the confirmation step.
        String school = Api.newClientAddress();
        for (int i = 0; i < 21; i++) {
            Api.signFrom(school, slug, Api.signature("Pupil " + i, Api.uniqueEmail("pupil"))).statusCode(202);
        }
        browser.get(url(base + "/review"));
        assertEquals("Review signatures", heading());
        accessible("review");
        screenshots("console-review");
        browser.findElement(By.cssSelector("section[aria-labelledby=by-address] td.actions form[action$='/review/release'] button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> "Release 1 signature?".equals(driver.findElement(By.tagName("h1")).getText()));
        accessible("release confirmation");
        screenshots("console-review-confirm");
        browser.findElement(By.cssSelector("main form[method=post] button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> driver.findElement(By.cssSelector("p.notice[role=status]")).getText().contains("Released 1 signature"));

        // Export: the page, and the CSV by HTTP with the browser's session.
        browser.findElement(By.linkText("Export")).click();
        assertEquals("Export supporters", heading());
        accessible("export");
        screenshots("console-export");
        String href = browser.findElement(By.linkText("Download the CSV")).getAttribute("href");
        String csv = given().cookie(Console.COOKIE, browser.manage().getCookieNamed(Console.COOKIE).getValue())
                .get(href).then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        assertTrue(csv.contains("WA Supporter"), csv);

        browser.findElement(By.linkText("Team")).click();
        assertEquals("Team", heading());
        accessible("team");
        screenshots("console-team");

        browser.get(url("/organise"));
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Last 24 hours: 1 confirmed"));
        accessible("campaigns");
        submitAndAwaitHeading("form[action='/organise/sign-out'] button", "Sign in");
    }

    private void signInFromTheMail(String email) {
        browser.get(url("/organise"));
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> driver.findElement(By.cssSelector("p.notice[role=status]")).isDisplayed());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Console.signInMails(email) == 1);
        browser.get(url("/organise/sign-in/" + Console.linkToken(Api.mailsTo(email).get(0))));
        submitAndAwaitHeading("form button[type=submit]", "Your campaigns");
    }

    private static org.openqa.selenium.WebElement waTile() {
        return browser.findElement(By.cssSelector("svg.tilemap g.tile[data-state=WA]"));
    }

    /** axe-core (WCAG 2.1 A and AA) finds nothing on the page shown. */
    private static void accessible(String page) {
        com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        StringBuilder found = new StringBuilder();
        results.getViolations().forEach(v -> {
            found.append(v.getId()).append(": ").append(v.getHelp());
            v.getNodes().forEach(n -> found.append("\n    ").append(n.getTarget()).append(" ").append(n.getFailureSummary()));
            found.append('\n');
        });
        assertTrue(results.getViolations().isEmpty(), page + ": axe-core found\n" + found);
    }

    private String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private void submitAndAwaitHeading(String button, String heading) {
        browser.findElement(By.cssSelector(button)).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> heading.equals(driver.findElement(By.tagName("h1")).getText()));
    }

    private String url(String path) {
        String base = root.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private static void screenshots(String name) throws Exception {
        Screenshots.take(browser, name);
    }
}

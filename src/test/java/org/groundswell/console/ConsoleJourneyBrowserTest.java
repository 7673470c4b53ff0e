package org.groundswell.console;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Browsers;
import org.groundswell.support.Console;
import org.groundswell.support.LegislatorData;
import org.groundswell.support.Mails;
import org.groundswell.support.MutableClock;
import org.groundswell.support.Screenshots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The console's whole flow in one Chromium session (headless), as issue 17's "Must show" lists it: an organiser signs
 * in from the mailed link (GreenMail); writes a campaign with a senators step and an FTC step with the keyboard only
 * (and fixes a template error from the error summary's link); previews it for WA-7, where the place's members of
 * Congress are named (Cantwell and Murray, addressed by the senators step; Jayapal, who no step addresses); opens it
 * through the form; a supporter in WA-7 signs and confirms on the public page; the dashboard's confirmed count and
 * WA tile change; a test update arrives; held signatures are released through the review; the CSV downloads with the
 * session; the team page shows; the organiser signs out and the old cookie no longer works. axe-core (WCAG 2.1 A and
 * AA) runs on every console page on the way, and fails the test on any violation; each page is screenshot at 1280 and
 * 390 px wide into target/screenshots (console-*.png).
 */
@QuarkusTest
class ConsoleJourneyBrowserTest {

    /** Longer than the signing form's minimum time to submit in the tests (5 s): what a person takes. */
    private static final Duration PAST_BOT_THRESHOLD = Duration.ofSeconds(6);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL root;

    @Inject
    MutableClock clock;

    @BeforeAll
    static void startBrowser() {
        browser = Browsers.start(1280);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOrganiserRunsACampaignFromSignInToSignOut() throws Exception {
        LegislatorData.importOriginal();
        Console.Organiser organiser = Console.newOrganiser("Journey organiser");
        String slug = Api.unique("journey");
        String base = "/organise/campaigns/" + slug;

        // Sign in from the mailed link: the link's GET shows a button, its POST signs in.
        browser.get(url("/organise"));
        assertEquals("Sign in", heading());
        page("sign-in");
        browser.findElement(By.id("email")).sendKeys(organiser.email(), Keys.ENTER);
        await(driver -> driver.findElement(By.cssSelector("p.notice[role=status]")).isDisplayed());
        page("link-sent");
        org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> Console.signInMails(organiser.email()) == 1);
        browser.get(url("/organise/sign-in/" + Console.linkToken(Api.mailsTo(organiser.email()).get(0))));
        assertEquals("Sign in", heading());
        assertNull(browser.manage().getCookieNamed(Console.COOKIE), "opening the link signs no one in");
        page("sign-in-button");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitHeading("Your campaigns");
        Cookie session = browser.manage().getCookieNamed(Console.COOKIE);
        assertTrue(session.isHttpOnly());
        assertTrue(browser.findElement(By.tagName("header")).getText().contains(organiser.email()));
        String empty = main();
        assertTrue(empty.contains("You have no campaigns yet"), empty);
        page("campaigns-empty");

        // The campaign form with the keyboard only: Tab to a field and type, Space on the step buttons, Enter to save.
        browser.findElement(By.linkText("New campaign")).sendKeys(Keys.ENTER);
        awaitHeading("New campaign");
        tabTo("title").sendKeys("Fair AI rules now");
        tabTo("slug").sendKeys(slug);
        tabTo("summary").sendKeys("Ask your senators and the FTC for fair AI rules.");
        tabTo("body").sendKeys("A few companies control the chips and the data.", Keys.ENTER, Keys.ENTER, "Fair rules keep markets open.");
        tabTo("topic").sendKeys("ai-regulation");
        tabTo("goal").sendKeys("25000");
        tabToButton("add-step").sendKeys(Keys.SPACE);
        await(driver -> !driver.findElements(By.id("steps-0-kind")).isEmpty());
        assertEquals("Fair AI rules now", browser.findElement(By.id("title")).getAttribute("value"), "what was typed stays");
        tabTo("steps-0-kind").sendKeys("L"); // Letter
        tabTo("steps-0-title").sendKeys("Write to your senators");
        tabTo("steps-0-target-type").sendKeys("S"); // the supporter's senators
        tabTo("steps-0-instructions").sendKeys("Post this letter to both of them.");
        tabTo("steps-0-messageTemplate").sendKeys("Dear {target.salutation},", Keys.ENTER, "fair rules for AI, please.", Keys.ENTER, "{supporter.name}");
        tabToButton("add-step").sendKeys(Keys.SPACE);
        await(driver -> !driver.findElements(By.id("steps-1-kind")).isEmpty());
        tabTo("steps-1-title").sendKeys("E-mail the FTC");
        tabTo("steps-1-target-name").sendKeys("Federal Trade Commission");
        tabTo("steps-1-target-email").sendKeys("contact@ftc.gov");
        tabTo("steps-1-instructions").sendKeys("Send it as it is, or in your own words.");
        tabTo("steps-1-messageTemplate").sendKeys("Dear Commissioners,", Keys.ENTER, "please keep AI markets open.", Keys.ENTER, "{supporter.name}");
        shiftTabTo("steps-1-subjectTemplate").sendKeys("Fair AI rules from {supporter.name"); // back up one field, unclosed
        assertEquals("Senators of the supporter's state (both)",
                new Select(browser.findElement(By.id("steps-0-target-type"))).getFirstSelectedOption().getText());
        assertEquals("E-mail", new Select(browser.findElement(By.id("steps-1-kind"))).getFirstSelectedOption().getText());
        page("new");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER); // the form's default button: save
        await(driver -> !driver.findElements(By.cssSelector(".error-summary")).isEmpty());
        WebElement error = browser.findElement(By.id("steps-1-subjectTemplate-error"));
        assertTrue(error.getText().startsWith("Subject: is not a valid template"), error.getText());
        page("form-error");
        browser.findElement(By.cssSelector(".error-summary a[href='#steps-1-subjectTemplate']")).sendKeys(Keys.ENTER);
        assertEquals("steps-1-subjectTemplate", browser.switchTo().activeElement().getAttribute("id"), "the summary's link leads to the field");
        browser.switchTo().activeElement().sendKeys(Keys.END, "}", Keys.ENTER);
        await(driver -> !driver.findElements(By.cssSelector("p.notice[role=status]")).isEmpty());
        assertEquals("Edit campaign", heading());
        given().header("Authorization", "Bearer " + organiser.token()).get("/api/campaigns/{slug}", slug).then().statusCode(200)
                .body("status", equalTo("DRAFT")).body("steps.target.type", equalTo(List.of("SENATORS", "FIXED")))
                .body("steps[1].target.email", equalTo("contact@ftc.gov"))
                .body("steps[1].subjectTemplate", equalTo("Fair AI rules from {supporter.name}"));
        page("edit");

        // Preview for WA-7: the place's members of Congress, and what the supporter gets from the two steps.
        browser.findElement(By.linkText("Preview what a supporter gets")).sendKeys(Keys.ENTER);
        awaitHeading("Preview");
        WebElement name = tabTo("name");
        name.clear();
        name.sendKeys("Ada Lovelace");
        new Select(browser.findElement(By.id("region"))).selectByValue("WA");
        WebElement district = tabTo("district");
        district.clear();
        district.sendKeys("7", Keys.ENTER);
        await(driver -> driver.getCurrentUrl().contains("name=Ada+Lovelace"));
        List<String> members = browser.findElements(By.cssSelector(".place-members li")).stream().map(WebElement::getText).toList();
        assertEquals(3, members.size(), members.toString());
        assertTrue(members.get(0).startsWith("Senator Maria Cantwell") && members.get(0).endsWith("addressed by this campaign's steps")
                && !members.get(0).contains("not addressed"), members.toString());
        assertTrue(members.get(1).startsWith("Senator Patty Murray") && !members.get(1).contains("not addressed"), members.toString());
        assertTrue(members.get(2).startsWith("Representative Pramila Jayapal") && members.get(2).contains("not addressed"), members.toString());
        String received = browser.findElement(By.cssSelector(".page-preview")).getText() + browser.findElement(By.cssSelector(".mail-preview")).getText();
        for (String expected : List.of("Senator Maria Cantwell", "Senator Patty Murray", "Dear Senator Cantwell,", "Ada Lovelace",
                "Federal Trade Commission")) {
            assertTrue(received.contains(expected), expected + " in " + received);
        }
        assertFalse(received.contains("Jayapal"), "no step of this campaign goes to the House member: " + received);
        page("preview");
        browser.executeScript("document.getElementById('place-members-title').scrollIntoView();");
        Screenshots.take(browser, "console-preview-place");

        // Open it: the status, with the keyboard.
        browser.findElement(By.linkText("Edit")).sendKeys(Keys.ENTER);
        awaitHeading("Edit campaign");
        tabTo("status").sendKeys("O"); // Open
        tabToButton("save").sendKeys(Keys.SPACE);
        await(driver -> !driver.findElements(By.cssSelector("p.notice[role=status]")).isEmpty());
        given().get("/api/campaigns/{slug}", slug).then().statusCode(200).body("status", equalTo("OPEN"));

        // The dashboard before anyone signs: no one confirmed, the WA tile unshaded.
        browser.get(url(base));
        awaitHeading("Fair AI rules now");
        assertEquals("0", browser.findElement(By.id("confirmed")).getAttribute("data-value"));
        Tile waBefore = waTile();
        assertEquals(new Tile("0", "0", waBefore.fill()), waBefore);
        page("dashboard-empty");

        // A supporter in WA-7 signs on the public page (after the form's minimum time) and confirms from the mail.
        String supporter = Api.uniqueEmail("journey-supporter");
        browser.get(url("/c/" + slug));
        browser.findElement(By.id("name")).sendKeys("Grace Hopper");
        browser.findElement(By.id("email")).sendKeys(supporter);
        new Select(browser.findElement(By.id("country"))).selectByValue("US");
        new Select(browser.findElement(By.id("state"))).selectByValue("WA");
        browser.findElement(By.id("district")).sendKeys("7");
        browser.findElement(By.id("consent")).sendKeys(Keys.SPACE);
        assertTrue(browser.findElement(By.id("consent")).isSelected());
        clock.advance(PAST_BOT_THRESHOLD);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitHeading("Check your e-mail");
        browser.get(url("/confirm/" + Api.confirmationToken(Api.awaitMail(supporter, "Please confirm"))));
        assertEquals("Confirm your signature", heading(), "opening the link confirms nothing");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitHeading("Your signature counts");
        List<String> targets = browser.findElements(By.cssSelector(".steps .target")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("Senator Maria Cantwell", "Senator Patty Murray", "Federal Trade Commission"), targets);

        // The dashboard counts them, and the WA tile changes: its count, its shade step and its fill.
        browser.get(url(base));
        new WebDriverWait(browser, PATIENCE).pollingEvery(Duration.ofMillis(300)).ignoring(WebDriverException.class).until(driver -> {
            driver.navigate().refresh();
            return "1".equals(driver.findElement(By.id("confirmed")).getAttribute("data-value")) && "1".equals(waTile().count());
        });
        Tile waAfter = waTile();
        assertNotEquals("0", waAfter.step(), "shaded: " + waAfter);
        assertNotEquals(waBefore.fill(), waAfter.fill(), "the WA tile's shade changed");
        page("dashboard");

        // The campaigns page counts it too.
        browser.findElement(By.linkText("Your campaigns")).click();
        awaitHeading("Your campaigns");
        String list = main();
        assertTrue(list.contains("1 confirmed of 25,000"), list);
        assertTrue(list.contains("Last 24 hours: 1 confirmed"), list);
        String datetime = browser.findElement(By.cssSelector("ul.campaigns time")).getAttribute("datetime");
        assertTrue(datetime.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), datetime);
        page("campaigns");

        // Updates: a test goes to the person signed in only; "send to 1 supporter" is asked before it goes.
        browser.get(url(base + "/updates"));
        assertEquals("Updates to supporters", heading());
        page("updates");
        browser.findElement(By.id("subject")).sendKeys("News from the journey");
        browser.findElement(By.id("body")).sendKeys("Dear {supporter.name},\n\nthank you.");
        browser.findElement(By.cssSelector("button[formaction$='/updates/test']")).click();
        await(driver -> driver.findElement(By.cssSelector("p.notice[role=status]")).getText().contains("Test sent"));
        assertTrue(Mails.text(Api.awaitMail(organiser.email(), "News from the journey")).contains("thank you."));
        browser.findElement(By.cssSelector("form.update button:not([formaction])")).click();
        awaitHeading("Send to 1 supporter?");
        page("update-confirm");
        assertEquals(0, Api.mailsTo(supporter).stream().filter(m -> Mails.subject(m).contains("News from the journey")).count(),
                "the confirmation page sends nothing");

        // Review: 21 signatures from one address in a minute, the last held; released through the confirmation step.
        String school = Api.newClientAddress();
        for (int i = 0; i < 21; i++) {
            Api.signFrom(school, slug, Api.signature("Pupil " + i, Api.uniqueEmail("pupil"))).statusCode(202);
        }
        browser.findElement(By.linkText("Review")).click();
        awaitHeading("Review signatures");
        page("review");
        browser.findElement(By.cssSelector("section[aria-labelledby=by-address] td.actions form[action$='/review/release'] button")).click();
        awaitHeading("Release 1 signature?");
        page("review-confirm");
        browser.findElement(By.cssSelector("main form[method=post] button")).click();
        await(driver -> driver.findElement(By.cssSelector("p.notice[role=status]")).getText().contains("Released 1 signature"));

        // Export: the page, and the CSV by HTTP with the browser's session.
        browser.findElement(By.linkText("Export")).click();
        awaitHeading("Export supporters");
        page("export");
        String href = browser.findElement(By.linkText("Download the CSV")).getAttribute("href");
        String csv = given().cookie(Console.COOKIE, session.getValue()).get(href)
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertTrue(csv.contains("Grace Hopper"), csv);

        browser.findElement(By.linkText("Team")).click();
        awaitHeading("Team");
        page("team");

        // Sign out: the console asks to sign in again, and the old cookie signs no one in.
        assertTrue(Console.isSignedIn(session.getValue()));
        browser.findElement(By.cssSelector("form[action='/organise/sign-out'] button")).click();
        awaitHeading("Sign in");
        browser.get(url("/organise"));
        assertEquals("Sign in", heading(), "signed out: the console asks to sign in again");
        assertFalse(Console.isSignedIn(session.getValue()), "the old cookie no longer works");
        given().redirects().follow(false).cookie(Console.COOKIE, session.getValue()).get(base)
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/organise"));
    }

    /** The WA square of the dashboard's tile map: its count, its shade step and its fill colour. */
    private record Tile(String count, String step, String fill) {
    }

    private static Tile waTile() {
        WebElement tile = browser.findElement(By.cssSelector("svg.tilemap g.tile[data-state=WA]"));
        return new Tile(tile.getAttribute("data-count"), tile.getAttribute("data-step"),
                tile.findElement(By.tagName("rect")).getAttribute("fill"));
    }

    /** A console page as shown: axe-core (WCAG 2.1 A and AA) finds nothing on it; screenshots at 1280 and 390 px. */
    private static void page(String name) throws Exception {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        StringBuilder found = new StringBuilder();
        results.getViolations().forEach(v -> {
            found.append(v.getId()).append(": ").append(v.getHelp());
            v.getNodes().forEach(n -> found.append("\n    ").append(n.getTarget()).append(" ").append(n.getFailureSummary()));
            found.append('\n');
        });
        assertTrue(results.getViolations().isEmpty(), name + ": axe-core found\n" + found);
        Screenshots.take(browser, "console-" + name);
    }

    /** Tab from where the focus is until the field with that id has it; answers it. */
    private static WebElement tabTo(String id) {
        return moveTo(active -> id.equals(active.getAttribute("id")), Keys.TAB, "#" + id);
    }

    /** Shift+Tab back until the field with that id has the focus. */
    private static WebElement shiftTabTo(String id) {
        return moveTo(active -> id.equals(active.getAttribute("id")), Keys.chord(Keys.SHIFT, Keys.TAB), "#" + id);
    }

    /** Tab until the button with that value has the focus (a step command, or save). */
    private static WebElement tabToButton(String value) {
        return moveTo(active -> "button".equals(active.getTagName()) && value.equals(active.getAttribute("value")), Keys.TAB,
                "the button " + value);
    }

    private static WebElement moveTo(Function<WebElement, Boolean> reached, CharSequence key, String what) {
        for (int i = 0; i < 150; i++) {
            WebElement active = browser.switchTo().activeElement();
            if (reached.apply(active)) {
                return active;
            }
            active.sendKeys(key);
        }
        return fail("The keyboard never reached " + what);
    }

    private static String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private static String main() {
        return browser.findElement(By.tagName("main")).getText();
    }

    private static void awaitHeading(String heading) {
        await(driver -> heading.equals(driver.findElement(By.tagName("h1")).getText()));
    }

    /** While a page loads, Chrome may answer for the old one's nodes with errors: all mean "not yet". */
    private static void await(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, PATIENCE).ignoring(WebDriverException.class).until(condition::apply);
    }

    private String url(String path) {
        String base = root.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}

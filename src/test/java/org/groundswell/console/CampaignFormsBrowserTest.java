package org.groundswell.console;

import org.groundswell.support.Browsers;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Screenshots;
import org.groundswell.support.Console;
import org.groundswell.support.LegislatorData;
import org.groundswell.support.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Chromium, headless: an organiser signs in from the mailed link, writes a campaign with a senators step, an FTC
 * step and a House step with the keyboard only, previews it for WA-7, opens it; a supporter signs and confirms it; the organiser sees
 * the count change and signs out. axe-core finds no WCAG 2.1 A/AA violation on the new, edit and preview pages.
 * Screenshots at 1280 and 390 px go to target/screenshots (console-form-*.png).
 */
@QuarkusTest
class CampaignFormsBrowserTest {

    /** Longer than the signing form's minimum time to submit in the tests. */
    private static final Duration PAST_BOT_THRESHOLD = Duration.ofSeconds(6);
    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL root;

    @Inject
    MutableClock clock;

    @BeforeAll
    static void startBrowser() throws Exception {
        Files.createDirectories(Screenshots.FOLDER);
        browser = Browsers.start(1280);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOrganiserWritesPreviewsAndOpensACampaignWithTheKeyboardAndASupporterSignsIt() throws Exception {
        LegislatorData.importOriginal();
        Console.Organiser organiser = Console.newOrganiser("Keyboard organiser");
        String slug = Api.unique("keys");

        // Sign in from the mailed link.
        browser.get(url("/organise"));
        browser.findElement(By.id("email")).sendKeys(organiser.email(), Keys.ENTER);
        await(driver -> !driver.findElements(By.cssSelector("p.notice[role=status]")).isEmpty());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Console.signInMails(organiser.email()) == 1);
        browser.get(url("/organise/sign-in/" + Console.linkToken(Api.mailsTo(organiser.email()).get(0))));
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitHeading("Your campaigns");
        String before = browser.findElement(By.tagName("main")).getText();
        assertTrue(before.contains("You have no campaigns yet"), before);

        // The campaign form, with the keyboard only: Tab to a field, type; Space on the buttons; Enter to send.
        browser.findElement(By.linkText("New campaign")).sendKeys(Keys.ENTER);
        awaitHeading("New campaign");
        axe("new campaign");
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
        tabTo("steps-0-target-type").sendKeys("S"); // Senators of the supporter's state
        tabTo("steps-0-instructions").sendKeys("Post this letter to both of them.");
        tabTo("steps-0-messageTemplate").sendKeys("Dear {target.salutation},", Keys.ENTER, "fair rules for AI, please.", Keys.ENTER, "{supporter.name}");
        tabToButton("add-step").sendKeys(Keys.SPACE);
        await(driver -> !driver.findElements(By.id("steps-1-kind")).isEmpty());
        tabTo("steps-1-title").sendKeys("E-mail the FTC");
        tabTo("steps-1-target-name").sendKeys("Federal Trade Commission");
        tabTo("steps-1-target-email").sendKeys("contact@ftc.gov");
        tabTo("steps-1-instructions").sendKeys("Send it as it is, or in your own words.");
        tabTo("steps-1-messageTemplate").sendKeys("Dear Commissioners,", Keys.ENTER, "please keep AI markets open.", Keys.ENTER, "{supporter.name}");
        tabToButton("add-step").sendKeys(Keys.SPACE);
        await(driver -> !driver.findElements(By.id("steps-2-kind")).isEmpty());
        tabTo("steps-2-kind").sendKeys("P"); // Phone call
        tabTo("steps-2-title").sendKeys("Call your House member");
        tabTo("steps-2-target-type").sendKeys("H"); // House member of the supporter's district
        tabTo("steps-2-instructions").sendKeys("Ask them to support fair AI rules.");
        tabTo("steps-1-subjectTemplate").sendKeys("Fair AI rules from {supporter.name");
        assertEquals("Senators of the supporter's state (both)",
                new Select(browser.findElement(By.id("steps-0-target-type"))).getFirstSelectedOption().getText());
        screenshots("console-form-new");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER); // the form's default button: save
        await(driver -> !driver.findElements(By.cssSelector(".error-summary")).isEmpty());
        WebElement error = browser.findElement(By.id("steps-1-subjectTemplate-error"));
        assertTrue(error.getText().startsWith("Subject: is not a valid template"), error.getText());
        axe("form with an error");
        screenshots("console-form-error");
        browser.findElement(By.cssSelector(".error-summary a[href='#steps-1-subjectTemplate']")).sendKeys(Keys.ENTER);
        assertEquals("steps-1-subjectTemplate", browser.switchTo().activeElement().getAttribute("id"), "the summary's link leads to the field");
        browser.switchTo().activeElement().sendKeys(Keys.END, "}", Keys.ENTER);
        await(driver -> !driver.findElements(By.cssSelector("p.notice[role=status]")).isEmpty());
        assertEquals("Edit campaign", heading());
        given().header("Authorization", "Bearer " + organiser.token()).get("/api/campaigns/{slug}", slug).then().statusCode(200)
                .body("status", equalTo("DRAFT")).body("steps.target.type", equalTo(List.of("SENATORS", "FIXED", "HOUSE_REPRESENTATIVE")))
                .body("steps[1].subjectTemplate", equalTo("Fair AI rules from {supporter.name}"));
        axe("edit");
        screenshots("console-form-edit");

        // Preview for WA-7, with the preview's own form.
        browser.findElement(By.linkText("Preview what a supporter gets")).sendKeys(Keys.ENTER);
        awaitHeading("Preview");
        WebElement name = browser.findElement(By.id("name"));
        name.clear();
        name.sendKeys("Ada Lovelace");
        new Select(browser.findElement(By.id("region"))).selectByValue("WA");
        WebElement district = browser.findElement(By.id("district"));
        district.clear();
        district.sendKeys("7", Keys.ENTER);
        await(driver -> driver.getCurrentUrl().contains("name=Ada+Lovelace"));
        String preview = browser.findElement(By.tagName("main")).getText();
        for (String expected : List.of("Senator Maria Cantwell", "Senator Patty Murray", "Representative Pramila Jayapal",
                "Dear Senator Cantwell,", "Ada Lovelace", "Federal Trade Commission")) {
            assertTrue(preview.contains(expected), expected + " in " + preview);
        }
        axe("preview");
        screenshots("console-form-preview");

        // Open it: the status, with the keyboard.
        browser.findElement(By.linkText("Edit")).sendKeys(Keys.ENTER);
        awaitHeading("Edit campaign");
        tabTo("status").sendKeys("O"); // Open
        tabToButton("save").sendKeys(Keys.SPACE);
        await(driver -> !driver.findElements(By.cssSelector("p.notice[role=status]")).isEmpty());
        given().get("/api/campaigns/{slug}", slug).then().statusCode(200).body("status", equalTo("OPEN"));

        // A supporter signs and confirms on the public page.
        String supporter = Api.uniqueEmail("keys-supporter");
        browser.get(url("/c/" + slug));
        browser.findElement(By.id("name")).sendKeys("Grace Hopper");
        browser.findElement(By.id("email")).sendKeys(supporter);
        new Select(browser.findElement(By.id("country"))).selectByValue("US");
        new Select(browser.findElement(By.id("state"))).selectByValue("WA");
        browser.findElement(By.id("district")).sendKeys("7");
        clock.advance(PAST_BOT_THRESHOLD);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitHeading("Check your e-mail");
        browser.get(url("/confirm/" + Api.confirmationToken(Api.awaitMail(supporter, "Please confirm"))));
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitHeading("Your signature counts");
        Api.awaitSignatureCount(slug, 1);

        // The organiser's list counts it; sign out.
        browser.get(url("/organise"));
        String list = browser.findElement(By.tagName("main")).getText();
        assertTrue(list.contains("1 confirmed of 25,000"), list);
        screenshots("console-form-campaigns");
        browser.findElement(By.cssSelector("form[action='/organise/sign-out'] button")).click();
        awaitHeading("Sign in");
    }

    /** Tab from where the focus is until the field with that id has it; answers it. */
    private WebElement tabTo(String id) {
        for (int i = 0; i < 80; i++) {
            WebElement active = browser.switchTo().activeElement();
            if (id.equals(active.getAttribute("id"))) {
                return active;
            }
            active.sendKeys(Keys.TAB);
        }
        return fail("Tab never reached #" + id);
    }

    /** Tab until the button with that value has the focus (a step command, or save). */
    private WebElement tabToButton(String value) {
        for (int i = 0; i < 120; i++) {
            WebElement active = browser.switchTo().activeElement();
            if ("button".equals(active.getTagName()) && value.equals(active.getAttribute("value"))) {
                return active;
            }
            active.sendKeys(Keys.TAB);
        }
        return fail("Tab never reached the button " + value);
    }

    private void axe(String page) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        List<Rule> violations = results.getViolations();
        assertTrue(violations.isEmpty(), page + ": " + violations.stream()
                .map(v -> v.getId() + " " + v.getHelp() + " " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList())
                .collect(Collectors.joining("\n")));
    }

    private String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private void awaitHeading(String heading) {
        await(driver -> heading.equals(driver.findElement(By.tagName("h1")).getText()));
    }

    private void await(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(WebDriverException.class).until(condition::apply);
    }

    private String url(String path) {
        String base = root.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private static void screenshots(String name) throws Exception {
        Screenshots.take(browser, name);
    }
}

package org.groundswell.web;

import org.groundswell.support.Browsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.groundswell.support.Api;
import org.groundswell.support.LegislatorData;
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

import jakarta.inject.Inject;
import org.groundswell.support.MutableClock;

import java.io.File;
import java.time.Duration;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Drives Debian's Chromium, headless, through the pages as a supporter would. Screenshots go to target/screenshots. */
@QuarkusTest
class BrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static ChromeDriver browser;

    /** Longer than the form's minimum time to submit (5 s in tests, so a quick resubmission stays quick on a busy machine): what a person takes. */
    private static final Duration PAST_BOT_THRESHOLD = Duration.ofSeconds(6);

    @TestHTTPResource("/")
    URL root;

    @Inject
    MutableClock clock;

    @BeforeAll
    static void startBrowser() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        browser = Browsers.start(1024);
    }


    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aSupporterSignsConfirmsAndSeesTheirSteps() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Browser organiser"));
        String email = Api.uniqueEmail("browser");

        browser.get(url("/"));
        screenshot("index");
        browser.findElement(By.linkText("Campaign " + slug)).click();
        String title = "Campaign " + slug + " · Groundswell";
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> title.equals(driver.getTitle()));
        assertEquals(title, browser.getTitle());
        screenshot("campaign");

        WebElement consent = browser.findElement(By.id("consent"));
        assertFalse(consent.isSelected(), "consent starts unchecked");
        type("name", "Katherine Johnson");
        type("email", email);
        new Select(browser.findElement(By.id("country"))).selectByValue("GB");
        type("postalCode", "SW1A 1AA");
        clock.advance(PAST_BOT_THRESHOLD);
        submitAndAwaitHeading("Check your e-mail");
        screenshot("check-your-email");

        String token = Api.confirmationToken(Api.awaitMail(email, "Please confirm"));
        browser.get(url("/confirm/" + token));
        assertEquals("Confirm your signature", browser.findElement(By.tagName("h1")).getText(), "opening the link confirms nothing");
        screenshot("confirm");
        submitAndAwaitHeading("Your signature counts");
        List<String> targets = browser.findElements(By.cssSelector(".steps .target")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("Federal Trade Commission", "National Institute of Standards and Technology"), targets);
        String mailto = browser.findElement(By.cssSelector("a[href^='mailto:contact@ftc.gov?subject=']")).getAttribute("href");
        assertTrue(mailto.contains("Katherine%20Johnson"), mailto);
        screenshot("confirmed");
    }

    @Test
    void aUsSupporterSeesTheirOwnMembersOfCongress() throws Exception {
        LegislatorData.importOriginal();
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).post("/api/admin/demo-campaigns").then().statusCode(200);
        String email = Api.uniqueEmail("browser-wa7");

        browser.get(url("/c/support-open-source-ai"));
        type("name", "Jordan Rivera");
        type("email", email);
        new Select(browser.findElement(By.id("country"))).selectByValue("US");
        new Select(browser.findElement(By.id("state"))).selectByValue("WA");
        type("district", "7");
        type("postalCode", "98101");
        clock.advance(PAST_BOT_THRESHOLD);
        submitAndAwaitHeading("Check your e-mail");

        browser.get(url("/confirm/" + Api.confirmationToken(Api.awaitMail(email, "Please confirm"))));
        submitAndAwaitHeading("Your signature counts");
        List<String> targets = browser.findElements(By.cssSelector(".steps .target")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("Senator Maria Cantwell", "Senator Patty Murray", "Representative Pramila Jayapal"), targets);
        String letters = browser.findElements(By.cssSelector(".steps pre.message")).stream().map(WebElement::getText)
                .reduce("", String::concat);
        assertTrue(letters.contains("Dear Senator Cantwell,"), letters);
        assertTrue(letters.contains("Dear Representative Jayapal,"), letters);
        assertTrue(letters.contains("Jordan Rivera"), letters);
        screenshot("confirmed-wa7");
    }

    @Test
    void anInvalidEmailIsShownNextToTheField() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Browser errors"));
        browser.get(url("/c/" + slug));
        type("name", "Typo Person");
        type("email", "typo.example.org");
        new Select(browser.findElement(By.id("country"))).selectByValue("US");
        new Select(browser.findElement(By.id("state"))).selectByValue("WA");
        clock.advance(PAST_BOT_THRESHOLD);
        browser.findElement(By.id("email")).sendKeys(Keys.ENTER);
        WebElement error = new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> driver.findElement(By.id("email-error")));
        assertTrue(error.getText().contains("valid e-mail"), error.getText());
        assertEquals("email-error", browser.findElement(By.id("email")).getAttribute("aria-describedby"));
        assertEquals("typo.example.org", browser.findElement(By.id("email")).getAttribute("value"));
        assertEquals("Typo Person", browser.findElement(By.id("name")).getAttribute("value"));
        assertEquals("WA", new Select(browser.findElement(By.id("state"))).getFirstSelectedOption().getAttribute("value"));
        screenshot("campaign-with-error");
    }

    @Test
    void readableAt320PixelsAndUsableWithTheKeyboard() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Small screens"));
        browser.manage().window().setSize(new Dimension(320, 800));
        try {
            browser.get(url("/c/" + slug));
            Long scrollWidth = (Long) browser.executeScript("return document.documentElement.scrollWidth;");
            Long clientWidth = (Long) browser.executeScript("return document.documentElement.clientWidth;");
            assertTrue(scrollWidth <= clientWidth, "no horizontal scrolling at 320 px: " + scrollWidth + " > " + clientWidth);
            screenshot("campaign-320px");

            // Tab from the name field reaches the e-mail field next: the honeypot is skipped.
            browser.findElement(By.id("name")).click();
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
            assertEquals("email", browser.switchTo().activeElement().getAttribute("id"));
            String outline = (String) browser.executeScript(
                    "return getComputedStyle(document.activeElement).outlineStyle;");
            assertEquals("solid", outline, "focus is visible");
        } finally {
            browser.manage().window().setSize(new Dimension(1024, 900));
        }
    }

    /** Presses the page's submit button and waits for the next page, known by its heading. */
    private void submitAndAwaitHeading(String heading) {
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        // While the next page loads, Chrome may answer for nodes of the old one with a stale-element
        // or an "unknown error"; both mean "not there yet", so any WebDriverException is retried.
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> heading.equals(driver.findElement(By.tagName("h1")).getText()));
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private String url(String path) {
        String base = root.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}

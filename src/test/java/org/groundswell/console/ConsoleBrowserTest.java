package org.groundswell.console;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.groundswell.support.Api;
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
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
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

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<Integer> WIDTHS = List.of(1280, 390);
    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startBrowser() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("CHROME_BIN", "chromium", "chromium-browser", "google-chrome").toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(executable("CHROMEDRIVER", "chromedriver").toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    /** As in web.BrowserTest: from the environment variable, else the PATH; missing, the test fails and says what to install. */
    static Path executable(String variable, String... names) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = dir.isBlank() ? null : Path.of(dir, name);
                if (candidate != null && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("The browser tests need " + String.join(" or ", names) + " on the PATH (or $" + variable
                + "). On Debian: sudo apt-get install chromium chromium-driver");
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

    /** The page at each width, whole (as tall as its content); no horizontal scrolling at any width. */
    private static void screenshots(String name) throws Exception {
        for (int width : WIDTHS) {
            browser.manage().window().setSize(new Dimension(width, 900));
            Long scrollWidth = (Long) browser.executeScript("return document.documentElement.scrollWidth;");
            Long clientWidth = (Long) browser.executeScript("return document.documentElement.clientWidth;");
            assertTrue(scrollWidth <= clientWidth, name + ": no horizontal scrolling at " + width + " px");
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + "-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
    }
}

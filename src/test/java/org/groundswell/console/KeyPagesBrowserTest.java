package org.groundswell.console;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.groundswell.support.Api;
import org.groundswell.support.Browsers;
import org.groundswell.support.Console;
import org.groundswell.support.Screenshots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chromium, headless: an organiser makes an API key for one campaign from the console's header, copies it from the
 * page that shows it once, and revokes it after the confirmation page. axe-core finds no WCAG 2.1 A/AA violation on
 * the list, the new key, a refused form and the confirmation. Screenshots go to target/screenshots (console-keys-*.png).
 */
@QuarkusTest
class KeyPagesBrowserTest {

    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL root;

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
    void anOrganiserMakesAKeyCopiesItOnceAndRevokesIt() throws Exception {
        Console.Organiser organiser = Console.newOrganiser("Keys in the browser");
        String slug = Api.openCampaign(organiser.token());
        String session = Console.signIn(organiser.email());
        browser.get(url("/organise/sign-in"));
        browser.manage().addCookie(new Cookie.Builder(Console.COOKIE, session).path("/organise").isHttpOnly(true).build());

        browser.get(url("/organise"));
        awaitHeading("Your campaigns");
        browser.findElement(By.cssSelector("nav.person a[href='/organise/keys']")).click();
        awaitHeading("API keys");
        axe("key list, empty");

        browser.findElement(By.id("key-name")).sendKeys("Partner newsletter");
        browser.findElement(By.id("key-source")).sendKeys("Not A Tag");
        browser.executeScript("document.querySelector('form[action=\"/organise/keys\"]').noValidate = true");
        browser.findElement(By.cssSelector("input[name=campaign][value='" + slug + "']")).click();
        browser.findElement(By.cssSelector("form[action='/organise/keys'] button[type=submit]")).click();
        await(driver -> !driver.findElements(By.cssSelector(".error-summary[role=alert]")).isEmpty());
        axe("refused form");
        Screenshots.take(browser, "console-keys-error");

        browser.findElement(By.id("key-source")).clear();
        browser.findElement(By.cssSelector("form[action='/organise/keys'] button[type=submit]")).click();
        await(driver -> !driver.findElements(By.id("new-key")).isEmpty());
        String key = browser.findElement(By.id("new-key")).getAttribute("value");
        assertTrue(key.matches("gsk_[A-Za-z0-9_-]{43}"), key);
        axe("new key shown once");
        Screenshots.take(browser, "console-keys-new");
        given().header("Authorization", "Bearer " + key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);

        browser.get(url("/organise/keys"));
        awaitHeading("API keys");
        assertTrue(!browser.getPageSource().contains(key), "the key is not shown again");
        browser.findElement(By.cssSelector("#keys a[aria-label='Revoke Partner newsletter']")).click();
        awaitHeading("Revoke the key “Partner newsletter”?");
        axe("confirmation");
        Screenshots.take(browser, "console-keys-revoke");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        await(driver -> !driver.findElements(By.cssSelector("p.notice[role=status]")).isEmpty());
        assertEquals("You have no API keys.", browser.findElement(By.cssSelector("section[aria-labelledby=list-heading] p")).getText());
        axe("after revoking");
        given().header("Authorization", "Bearer " + key).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(401);
    }

    private void axe(String page) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        List<Rule> violations = results.getViolations();
        assertTrue(violations.isEmpty(), page + ": " + violations.stream()
                .map(v -> v.getId() + " " + v.getHelp() + " " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList())
                .collect(Collectors.joining("\n")));
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
}

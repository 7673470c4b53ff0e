package org.groundswell.web;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Browsers;
import org.groundswell.support.MutableClock;
import org.groundswell.support.Screenshots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The widget on a partner's page, in Chromium: a page of another origin (a small server on 127.0.0.1, while the
 * service is at localhost) embeds it with the /embed.js snippet, a supporter signs through the frame, the mail
 * arrives, and the frame is as tall as its content before and after; the same partner page framing the campaign page
 * itself gets nothing of it. axe-core finds nothing on the widget.
 */
@QuarkusTest
class EmbedBrowserTest {

    /** Longer than the form's minimum time to submit (5 s in tests). */
    private static final Duration PAST_BOT_THRESHOLD = Duration.ofSeconds(6);

    private static ChromeDriver browser;
    private static HttpServer partner;
    private static final Map<String, String> PARTNER_PAGES = new ConcurrentHashMap<>();

    @TestHTTPResource("/")
    URL root;

    @Inject
    MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partner.createContext("/", exchange -> {
            String page = PARTNER_PAGES.get(exchange.getRequestURI().getPath());
            byte[] body = (page == null ? "not found" : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        partner.start();
        browser = Browsers.start(1024);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (partner != null) {
            partner.stop(0);
        }
    }

    private static String partnerOrigin() {
        return "http://127.0.0.1:" + partner.getAddress().getPort();
    }

    private String app() {
        String base = root.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private String campaign(List<String> embedOrigins) {
        String slug = Api.unique("widget");
        Map<String, Object> campaign = Api.campaign(slug, "OPEN", List.of(Api.emailStep()));
        campaign.put("embedOrigins", embedOrigins);
        Api.createCampaign(Api.newOrganiser("Widget organiser"), campaign);
        return slug;
    }

    private static String partnerPage(String title, String content) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>"
                + "<h1>" + title + "</h1><p>Our coalition supports this campaign.</p>" + content + "<p>More news below.</p></body></html>";
    }

    @Test
    void aPartnerPageEmbedsTheWidgetASupporterSignsThroughItAndTheFrameFollowsItsHeight() throws Exception {
        assertTrue(!partnerOrigin().contains("localhost") && app().startsWith("http://localhost:"), "two origins: " + app());
        String slug = campaign(List.of("https://other.example.org", partnerOrigin()));
        PARTNER_PAGES.put("/news/" + slug, partnerPage("Partner news", "<script src=\"" + app() + "/embed.js\" data-campaign=\"" + slug
                + "\" data-title=\"Sign the campaign\" async></script><noscript><a href=\"" + app() + "/c/" + slug
                + "\">Sign the campaign on Groundswell</a></noscript>"));
        browser.get(partnerOrigin() + "/news/" + slug);

        WebElement frame = new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> driver.findElement(By.cssSelector("iframe[title='Sign the campaign']")));
        assertEquals(app() + "/c/" + slug + "/embed?parent=" + java.net.URLEncoder.encode(partnerOrigin(), StandardCharsets.UTF_8),
                frame.getAttribute("src"));
        long formHeight = awaitFrameFitsItsContent(frame);
        assertTrue(formHeight > 640, "the form is taller than the frame's first 640 px, and the frame grew to it: " + formHeight);
        Screenshots.take(browser, "embed-partner-form");

        browser.switchTo().frame(frame);
        assertEquals("Campaign " + slug, browser.findElement(By.tagName("h1")).getText());
        String email = Api.uniqueEmail("widget");
        type("name", "Mary Jackson");
        type("email", email);
        new Select(browser.findElement(By.id("country"))).selectByValue("GB");
        clock.advance(PAST_BOT_THRESHOLD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> "Check your e-mail".equals(driver.findElement(By.tagName("h1")).getText()));
        browser.switchTo().defaultContent();
        Api.awaitMail(email, "Please confirm");

        long thanksHeight = awaitFrameFitsItsContent(frame);
        assertTrue(thanksHeight < formHeight - 200, "the frame shrank to the thank-you text: " + formHeight + " → " + thanksHeight);
        assertEquals("Partner news", browser.findElement(By.tagName("h1")).getText(), "the partner's page stayed where it was");
        Screenshots.take(browser, "embed-partner-thanks");
    }

    @Test
    void thePartnerPageCannotFrameTheCampaignPageItself() throws Exception {
        String slug = campaign(List.of(partnerOrigin()));
        PARTNER_PAGES.put("/direct/" + slug, partnerPage("Partner framing",
                "<iframe id=\"page\" title=\"The campaign page\" src=\"" + app() + "/c/" + slug + "\" width=\"300\" height=\"400\"></iframe>"
                        + "<iframe id=\"widget\" title=\"The widget\" src=\"" + app() + "/c/" + slug + "/embed\" width=\"300\" height=\"400\"></iframe>"));
        browser.get(partnerOrigin() + "/direct/" + slug);

        // The widget, framed the same way, shows: the campaign page would have had the time to as well.
        browser.switchTo().frame(browser.findElement(By.id("widget")));
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(driver -> ("Campaign " + slug).equals(driver.findElement(By.tagName("h1")).getText()));
        browser.switchTo().defaultContent();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> "complete".equals(
                browser.executeScript("return document.readyState;")));

        browser.switchTo().frame(browser.findElement(By.id("page")));
        String shown = (String) browser.executeScript("return document.documentElement.outerHTML;");
        assertTrue(browser.findElements(By.tagName("form")).isEmpty() && !shown.contains("Campaign " + slug),
                "the campaign page is not shown in another site's frame: " + shown.substring(0, Math.min(300, shown.length())));
        browser.switchTo().defaultContent();
        Screenshots.take(browser, "embed-partner-framing-the-page");
    }

    @Test
    void theWidgetIsAccessible() throws Exception {
        String slug = campaign(List.of());
        browser.get(app() + "/c/" + slug + "/embed");
        assertEquals("Campaign " + slug, browser.findElement(By.tagName("h1")).getText());
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        StringBuilder found = new StringBuilder();
        results.getViolations().forEach(v -> {
            found.append(v.getId()).append(": ").append(v.getHelp());
            v.getNodes().forEach(n -> found.append("\n    ").append(n.getTarget()).append(" ").append(n.getFailureSummary()));
            found.append('\n');
        });
        assertTrue(results.getViolations().isEmpty(), "the widget: axe-core found\n" + found);
        Screenshots.take(browser, "embed-widget");
    }

    /**
     * Waits until the frame is as tall as the document in it (within 3 px) and has been sized by the script (it no
     * longer has the 640 px it starts with), and answers that height.
     */
    private static long awaitFrameFitsItsContent(WebElement frame) {
        long[] height = new long[1];
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class).until(driver -> {
            browser.switchTo().defaultContent();
            long outer = ((Number) browser.executeScript("return Math.round(arguments[0].getBoundingClientRect().height);", frame)).longValue();
            String styled = (String) browser.executeScript("return arguments[0].style.height;", frame);
            browser.switchTo().frame(frame);
            long inner = ((Number) browser.executeScript(
                    "return Math.ceil(document.documentElement.getBoundingClientRect().height);")).longValue();
            browser.switchTo().defaultContent();
            height[0] = outer;
            return !styled.isEmpty() && Math.abs(outer - inner) <= 3;
        });
        return height[0];
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}

package org.groundswell.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.groundswell.http.SecurityHeaders;
import org.groundswell.support.Api;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every HTML page carries the security headers; a page with a token in its URL is never stored by a cache and sends
 * no Referer; the others send one to ourselves only (an older browser proves with it where a form comes from).
 */
@QuarkusTest
class SecurityHeadersTest {

    @Test
    void everyHtmlPageHasTheHeadersAndTokenPagesAreNotStored() {
        String slug = Api.openCampaign(Api.newOrganiser("Headers organiser"));
        String email = Api.uniqueEmail("headers");
        String token = Api.signAndGetToken(slug, Api.signature("Header Person", email));
        var mail = Api.awaitMail(email, "Please confirm");

        Map<String, Response> pages = new LinkedHashMap<>();
        pages.put("index", given().get("/"));
        pages.put("campaign", given().get("/c/{slug}", slug));
        pages.put("unknown campaign", given().get("/c/no-such-campaign"));
        pages.put("confirm", given().get("/confirm/{token}", token));
        pages.put("confirmed", Api.fromTokenPage().post("/confirm/{token}", token));
        pages.put("bad link", given().get("/confirm/not-a-valid-token-000000000000"));
        pages.put("unsubscribe", given().get(Api.unsubscribePath(mail)));
        pages.put("remove", given().get(Api.removePath(mail)));
        pages.put("form refused", given().header("Origin", "https://elsewhere.example").contentType("application/x-www-form-urlencoded")
                .formParam("name", "x").post("/c/{slug}", slug));
        // The refused form's page too: a form may have been posted to a URL with a token in it.
        Set<String> withToken = Set.of("confirm", "confirmed", "bad link", "unsubscribe", "remove", "form refused");

        assertAll(pages.entrySet().stream().map(page -> () -> {
            Response response = page.getValue();
            String name = page.getKey();
            assertTrue(response.contentType().startsWith("text/html"), name + ": " + response.contentType());
            assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, response.header("Content-Security-Policy"), name);
            assertEquals(withToken.contains(name) ? "no-referrer" : "same-origin", response.header("Referrer-Policy"), name);
            assertEquals("nosniff", response.header("X-Content-Type-Options"), name);
            if (withToken.contains(name)) {
                assertEquals("no-store", response.header("Cache-Control"), name);
            }
        }));
        assertEquals(403, pages.get("form refused").statusCode());
        // The campaign page is the same for everyone: cacheable, briefly, and no cookie.
        String cacheControl = pages.get("campaign").header("Cache-Control");
        assertTrue(cacheControl.startsWith("public, max-age=1, stale-while-revalidate="), cacheControl);
        assertNotNull(pages.get("campaign").header("ETag"));
        assertNotNull(pages.get("campaign").header("Last-Modified"));
        assertTrue(pages.values().stream().noneMatch(response -> response.headers().hasHeaderWithName("Set-Cookie")), "no page sets a cookie");
        // JSON answers are not sniffed either.
        assertEquals("nosniff", given().get("/api/campaigns").header("X-Content-Type-Options"));
    }
}

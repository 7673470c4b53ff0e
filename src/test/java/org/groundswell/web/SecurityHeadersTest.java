package org.groundswell.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
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

/** Every HTML page carries the security headers; a page with a token in it is never stored by a cache. */
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
        pages.put("confirmed", given().post("/confirm/{token}", token));
        pages.put("bad link", given().get("/confirm/not-a-valid-token-000000000000"));
        pages.put("unsubscribe", given().get(Api.unsubscribePath(mail)));
        pages.put("remove", given().get(Api.removePath(mail)));
        pages.put("form refused", given().contentType("application/x-www-form-urlencoded").formParam("name", "x").post("/c/{slug}", slug));
        Set<String> withToken = Set.of("confirm", "confirmed", "bad link", "unsubscribe", "remove");

        assertAll(pages.entrySet().stream().map(page -> () -> {
            Response response = page.getValue();
            String name = page.getKey();
            assertTrue(response.contentType().startsWith("text/html"), name + ": " + response.contentType());
            assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, response.header("Content-Security-Policy"), name);
            assertEquals("no-referrer", response.header("Referrer-Policy"), name);
            assertEquals("nosniff", response.header("X-Content-Type-Options"), name);
            if (withToken.contains(name)) {
                assertEquals("no-store", response.header("Cache-Control"), name);
            }
        }));
        // The campaign page is the same for everyone: cacheable, briefly.
        String cacheControl = pages.get("campaign").header("Cache-Control");
        assertTrue(cacheControl.startsWith("public, max-age=1, stale-while-revalidate="), cacheControl);
        assertNotNull(pages.get("campaign").header("ETag"));
        assertNotNull(pages.get("campaign").header("Last-Modified"));
        // JSON answers are not sniffed either.
        assertEquals("nosniff", given().get("/api/campaigns").header("X-Content-Type-Options"));
    }
}

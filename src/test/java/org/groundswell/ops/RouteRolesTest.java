package org.groundswell.ops;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.groundswell.support.Api;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every route the OpenAPI document lists, with the role it needs. A new route fails here until it is added
 * with its role, and a protected route must say so in OpenAPI and answer 401 without a token and 403 with a
 * token of the other role, before its body is read.
 */
@QuarkusTest
class RouteRolesTest {

    private static final String PUBLIC = "public";
    private static final String ADMIN = "admin";
    private static final String ORGANISER = "organiser";
    /** Either: the owner of the campaign or the admin. */
    private static final String MANAGER = "admin,organiser";
    /** An organiser's token or one of their API keys (for the campaigns it covers). */
    private static final String PARTNER = "organiser,partner";
    /** The console: open at the REST layer (a page needs a session cookie); a POST needs proof it comes from this site. */
    private static final String CONSOLE = "console";
    /** The owner's token or an API key (a partner's) for the campaign. */
    private static final String OSDI_READER = "organiser,partner";

    private static final Map<String, String> ROLES = Map.ofEntries(
            Map.entry("GET /", PUBLIC),
            Map.entry("GET /c/{slug}", PUBLIC),
            Map.entry("POST /c/{slug}", PUBLIC),
            Map.entry("GET /c/{slug}/embed", PUBLIC),
            Map.entry("POST /c/{slug}/embed", PUBLIC),
            Map.entry("GET /c/{slug}/badge.svg", PUBLIC),
            Map.entry("GET /embed.js", PUBLIC),
            Map.entry("GET /oembed", PUBLIC),
            Map.entry("GET /confirm/{token}", PUBLIC),
            Map.entry("POST /confirm/{token}", PUBLIC),
            Map.entry("GET /u/{token}", PUBLIC),
            Map.entry("POST /u/{token}", PUBLIC),
            Map.entry("GET /remove/{token}", PUBLIC),
            Map.entry("POST /remove/{token}", PUBLIC),
            Map.entry("GET /api/campaigns/{slug}/counts", PUBLIC),
            Map.entry("GET /organise", CONSOLE),
            Map.entry("POST /organise/sign-in", CONSOLE),
            Map.entry("GET /organise/sign-in/{token}", CONSOLE),
            Map.entry("POST /organise/sign-in/{token}", CONSOLE),
            Map.entry("POST /organise/sign-out", CONSOLE),
            Map.entry("POST /organise/sign-out-everywhere", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}/review", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}/review/release", CONSOLE),
            Map.entry("POST /organise/campaigns/{slug}/review/release", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}/review/invalidate", CONSOLE),
            Map.entry("POST /organise/campaigns/{slug}/review/invalidate", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}/updates", CONSOLE),
            Map.entry("POST /organise/campaigns/{slug}/updates/test", CONSOLE),
            Map.entry("POST /organise/campaigns/{slug}/updates/confirm", CONSOLE),
            Map.entry("POST /organise/campaigns/{slug}/updates/send", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}/export", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}/export/signatures.csv", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}/team", CONSOLE),
            Map.entry("POST /organise/campaigns/{slug}/team", CONSOLE),
            Map.entry("POST /organise/campaigns/{slug}/team/remove", CONSOLE),
            Map.entry("GET /organise/keys", CONSOLE),
            Map.entry("POST /organise/keys", CONSOLE),
            Map.entry("GET /organise/keys/{id}/revoke", CONSOLE),
            Map.entry("POST /organise/keys/{id}/revoke", CONSOLE),
            Map.entry("GET /organise/campaigns/new", CONSOLE),
            Map.entry("POST /organise/campaigns/new", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}/edit", CONSOLE),
            Map.entry("POST /organise/campaigns/{slug}/edit", CONSOLE),
            Map.entry("GET /organise/campaigns/{slug}/preview", CONSOLE),
            Map.entry("GET /api/campaigns/{slug}/team", ORGANISER),
            Map.entry("POST /api/campaigns/{slug}/team", ORGANISER),
            Map.entry("DELETE /api/campaigns/{slug}/team/{email}", ORGANISER),
            Map.entry("GET /api/campaigns/{slug}/updates", ORGANISER),
            Map.entry("POST /api/campaigns/{slug}/updates", ORGANISER),
            Map.entry("GET /api/campaigns/{slug}/webhooks", PARTNER),
            Map.entry("POST /api/campaigns/{slug}/webhooks", PARTNER),
            Map.entry("DELETE /api/campaigns/{slug}/webhooks/{id}", PARTNER),
            Map.entry("POST /api/campaigns/{slug}/webhooks/{id}/rotate", PARTNER),
            Map.entry("GET /api/campaigns/{slug}/webhooks/{id}/deliveries", PARTNER),
            Map.entry("POST /api/campaigns/{slug}/webhooks/{id}/deliveries/{deliveryId}/retry", PARTNER),
            Map.entry("GET /api/admin/supporters", ADMIN),
            Map.entry("DELETE /api/admin/supporters", ADMIN),
            Map.entry("POST /api/admin/supporters/lookup", ADMIN),
            Map.entry("POST /api/admin/supporters/erase", ADMIN),
            Map.entry("GET /api/campaigns/{slug}/review", MANAGER),
            Map.entry("POST /api/campaigns/{slug}/review/release", MANAGER),
            Map.entry("POST /api/campaigns/{slug}/review/invalidate", MANAGER),
            Map.entry("GET /api/campaigns", PUBLIC),
            Map.entry("POST /api/campaigns", ORGANISER),
            Map.entry("GET /api/campaigns/{slug}", PUBLIC),
            Map.entry("PATCH /api/campaigns/{slug}", ORGANISER),
            Map.entry("POST /api/campaigns/{slug}/signatures", PUBLIC),
            Map.entry("GET /api/campaigns/{slug}/signatures", PARTNER),
            Map.entry("GET /api/campaigns/{slug}/signatures.csv", ORGANISER),
            Map.entry("POST /api/signatures/confirm", PUBLIC),
            Map.entry("POST /api/signatures/steps", PUBLIC),
            Map.entry("GET /api/representatives", PUBLIC),
            Map.entry("GET /api/osdi/v1", PUBLIC),
            Map.entry("GET /api/osdi/v1/petitions", PUBLIC),
            Map.entry("GET /api/osdi/v1/petitions/{id}", PUBLIC),
            Map.entry("GET /api/osdi/v1/petitions/{id}/signatures", OSDI_READER),
            Map.entry("POST /api/osdi/v1/petitions/{id}/record_signature_helper", PUBLIC),
            Map.entry("POST /api/organisers", ADMIN),
            Map.entry("POST /api/organisers/me/token", ORGANISER),
            Map.entry("GET /api/organisers/me/keys", ORGANISER),
            Map.entry("POST /api/organisers/me/keys", ORGANISER),
            Map.entry("DELETE /api/organisers/me/keys/{id}", ORGANISER),
            Map.entry("DELETE /api/organisers/{id}", ADMIN),
            Map.entry("GET /api/admin/outbox", ADMIN),
            Map.entry("POST /api/admin/outbox/{id}/retry", ADMIN),
            Map.entry("POST /api/admin/demo-campaigns", ADMIN),
            Map.entry("POST /api/admin/legislators", ADMIN));

    @Test
    void everyRouteHasItsRoleInOpenApiAndInPractice() {
        JsonPath openApi = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = openApi.getMap("paths");
        Map<String, Object> documented = new TreeMap<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (List.of("get", "post", "put", "patch", "delete", "head").contains(method)) {
                documented.put(method.toUpperCase() + " " + path, operation.get("security"));
            }
        }));
        assertEquals(new TreeSet<>(ROLES.keySet()), documented.keySet(),
                "every route the service serves, and no other, has a role in ROLES");

        String organiser = Api.newOrganiser("Route roles");
        assertAll(ROLES.entrySet().stream().map(route -> () -> {
            String key = route.getKey();
            if (CONSOLE.equals(route.getValue())) {
                assertEquals(null, documented.get(key), key + ": no bearer scheme on a console route");
                Response anonymous = call(key, null);
                assertEquals("no-store", anonymous.header("Cache-Control"), key);
                if (key.startsWith("POST ")) {
                    assertEquals(403, anonymous.statusCode(), key + " without proof that it comes from this site");
                }
                return;
            }
            boolean isProtected = !PUBLIC.equals(route.getValue());
            assertEquals(isProtected ? List.of(Map.of("bearer", List.of(route.getValue().split(",")))) : null, documented.get(key),
                    key + ": OpenAPI names the bearer scheme and the role exactly when the route is protected");
            if (isProtected) {
                assertEquals(401, call(key, null).statusCode(), key + " without a token");
                if (MANAGER.equals(route.getValue())) {
                    return; // every role may, for its own campaigns
                }
                String otherRole = ADMIN.equals(route.getValue()) ? organiser : Api.ADMIN_TOKEN;
                Response wrongRole = call(key, otherRole);
                assertEquals(403, wrongRole.statusCode(), key + " with a token of the other role: " + wrongRole.asString());
                assertEquals("application/problem+json", wrongRole.contentType());
            }
        }));
    }

    /** The route with made-up path parameters and a body that would not pass validation. */
    private static Response call(String route, String token) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{slug}", "no-such-campaign").replace("{id}", "1")
                .replace("{deliveryId}", "1").replace("{token}", "no-such-token").replace("{email}", "nobody@example.org");
        var request = route.endsWith("/legislators")
                ? given().contentType("application/yaml").body("not: [valid".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : given().contentType("application/json").body("{\"not\": \"valid\"}");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.request(method, path);
    }
}

package org.groundswell.ops;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.groundswell.support.Api;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class OperationsTest {

    /** The management interface's root, ending in "/q/". */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void healthChecksIncludeTheDatabaseAndAreServedOnlyOnTheManagementPort() {
        given().get(management + "health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get(management + "health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
        given().get(management + "health/started").then().statusCode(200);
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics")) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void metricsCountSignaturesAndShowTheOutbox() {
        double receivedBefore = metric("groundswell_signatures_received_total");
        double confirmedBefore = metric("groundswell_signatures_confirmed_total");
        String slug = Api.openCampaign(Api.newOrganiser("Metrics"));
        String token = Api.signAndGetToken(slug, Api.signature("Counted", Api.uniqueEmail("metrics")));
        given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/signatures/confirm").then().statusCode(200);
        assertTrue(metric("groundswell_signatures_received_total") >= receivedBefore + 1);
        assertTrue(metric("groundswell_signatures_confirmed_total") >= confirmedBefore + 1);
        String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("groundswell_outbox_depth")), "outbox depth gauge");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("groundswell_outbox_failed")), "failed mail gauge");
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        var paths = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        for (String path : List.of("/api/organisers", "/api/campaigns", "/api/campaigns/{slug}",
                "/api/campaigns/{slug}/signatures", "/api/campaigns/{slug}/signatures.csv", "/api/signatures/confirm",
                "/api/signatures/steps", "/confirm/{token}", "/api/admin/outbox", "/api/admin/demo-campaigns",
                "/api/organisers/me/token", "/api/organisers/{id}")) {
            assertTrue(paths.containsKey(path), "OpenAPI lists " + path + ": " + paths.keySet());
        }
    }

    @Test
    void demoCampaignsLoadOnRequestAndOnlyOnce() {
        given().post("/api/admin/demo-campaigns").then().statusCode(401);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).post("/api/admin/demo-campaigns").then().statusCode(200);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).post("/api/admin/demo-campaigns").then().statusCode(200)
                .body("created.size()", equalTo(0));
        given().get("/api/campaigns/fair-ai-regulation").then().statusCode(200)
                .body("title", equalTo("Fair AI regulation"))
                .body("steps[0].target.email", equalTo("contact@ftc.gov"))
                .body("steps[1].target.postalAddress", equalTo("100 Bureau Drive, Gaithersburg, MD 20899"));
        for (String slug : List.of("open-access-to-ai", "support-open-source-ai", "ai-ethics-in-the-curriculum")) {
            given().get("/api/campaigns/{slug}", slug).then().statusCode(200).body("$", hasKey("signatureCount"));
        }
    }

    private double metric(String name) {
        String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}

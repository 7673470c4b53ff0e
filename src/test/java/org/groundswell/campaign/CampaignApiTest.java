package org.groundswell.campaign;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.groundswell.support.Api;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class CampaignApiTest {

    @Test
    void createGetAndListCampaigns() {
        String organiser = Api.newOrganiser("Campaigner");
        String topic = "topic-" + Api.unique("t").replace("t-", "");
        Map<String, Object> body = new HashMap<>(Api.campaign(null, "OPEN", List.of(Api.emailStep(), Api.letterStep())));
        body.remove("slug");
        body.put("title", "Fair AI: Rules für Alle!");
        body.put("topic", topic);
        String location = Api.createCampaign(organiser, body)
                .header("Location", endsWith("/api/campaigns/fair-ai-rules-fur-alle"))
                .body("slug", equalTo("fair-ai-rules-fur-alle"))
                .body("steps[0].position", equalTo(1))
                .body("steps[1].target.postalAddress", equalTo("100 Bureau Drive, Gaithersburg, MD 20899"))
                .extract().header("Location");
        // The same title again gets a fresh slug.
        Api.createCampaign(organiser, body).body("slug", equalTo("fair-ai-rules-fur-alle-2"));

        given().get(location).then().statusCode(200).body("goal", equalTo(100)).body("signatureCount", equalTo(0))
                .body("steps.kind", equalTo(List.of("EMAIL", "LETTER")));
        given().queryParam("topic", topic).get("/api/campaigns").then().statusCode(200)
                .body("total", equalTo(2)).body("items.topic", everyItem(equalTo(topic)));
        given().queryParam("topic", topic).queryParam("status", "CLOSED").get("/api/campaigns").then().statusCode(200)
                .body("total", equalTo(0));
        given().queryParam("topic", topic).queryParam("size", 1).queryParam("page", 1).get("/api/campaigns").then()
                .statusCode(200).body("items.size()", equalTo(1)).body("page", equalTo(1));
    }

    @Test
    void statusMovesForwardOnlyAndOnlyOpenCampaignsTakeSignatures() {
        String organiser = Api.newOrganiser("Lifecycle");
        String slug = Api.unique("life");
        Api.createCampaign(organiser, Api.campaign(slug, "DRAFT", List.of(Api.emailStep())));
        patch(organiser, slug, Map.of("status", "OPEN", "goal", 5)).statusCode(200).body("status", equalTo("OPEN"))
                .body("goal", equalTo(5));
        Api.sign(slug, Api.signature("Early bird", Api.uniqueEmail("life"))).statusCode(202);
        patch(organiser, slug, Map.of("status", "DRAFT")).statusCode(409).contentType("application/problem+json");
        patch(organiser, slug, Map.of("steps", List.of(Api.letterStep()), "title", "Renamed")).statusCode(200)
                .body("steps.kind", equalTo(List.of("LETTER"))).body("title", equalTo("Renamed"));
        patch(organiser, slug, Map.of("status", "CLOSED")).statusCode(200).body("status", equalTo("CLOSED"));
        Api.sign(slug, Api.signature("Too late", Api.uniqueEmail("life"))).statusCode(409)
                .contentType("application/problem+json");
        patch(organiser, slug, Map.of("status", "OPEN")).statusCode(409);
        given().queryParam("status", "CLOSED").queryParam("size", 100).get("/api/campaigns").then().statusCode(200)
                .body("items.slug", hasItem(slug));
        given().queryParam("status", "OPEN").queryParam("size", 100).get("/api/campaigns").then().statusCode(200)
                .body("items.slug", not(hasItem(slug)));
    }

    @Test
    void stepTemplatesMayOnlyUseSupporterAndTargetFields() {
        String organiser = Api.newOrganiser("Templater");
        Map<String, Object> step = new HashMap<>(Api.emailStep());
        step.put("messageTemplate", "Hello {supporter.email}");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Api.campaign(Api.unique("tpl"), "OPEN", List.of(step))).post("/api/campaigns")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("steps[0].messageTemplate"));
        step.put("messageTemplate", "Broken {#if supporter.name}");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Api.campaign(Api.unique("tpl"), "OPEN", List.of(step))).post("/api/campaigns")
                .then().statusCode(400).contentType("application/problem+json");
        step.put("messageTemplate", "{#for i in 100000}{#for j in 100000}xxxxxxxxxx{/for}{/for}");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Api.campaign(Api.unique("tpl"), "OPEN", List.of(step))).post("/api/campaigns")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("{#for}"));
        step.put("messageTemplate", "{#if supporter.region}From {supporter.region}{/if} {supporter.name} to {target.salutation}");
        Api.createCampaign(organiser, Api.campaign(Api.unique("tpl"), "OPEN", List.of(step)));
    }

    private static io.restassured.response.ValidatableResponse patch(String organiser, String slug, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser).body(body)
                .patch("/api/campaigns/{slug}", slug).then();
    }
}

package org.groundswell.organiser;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.groundswell.support.Api;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class AuthorisationTest {

    @Test
    void organiserTokensAreShownOnceAndOnlyTheAdminCreatesOrganisers() {
        given().contentType(ContentType.JSON).body(Map.of("name", "X", "email", "x@example.org"))
                .post("/api/organisers").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong-admin-token")
                .body(Map.of("name", "X", "email", "x@example.org"))
                .post("/api/organisers").then().statusCode(401);
        String organiser = Api.newOrganiser("Token owner");
        // An organiser token is not an admin token.
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("name", "X", "email", "x@example.org"))
                .post("/api/organisers").then().statusCode(401);
    }

    @Test
    void organiserEndpointsNeedAValidToken() {
        Map<String, Object> campaign = Api.campaign(Api.unique("auth"), "OPEN", List.of());
        given().contentType(ContentType.JSON).body(campaign).post("/api/campaigns")
                .then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer not-a-token").body(campaign)
                .post("/api/campaigns").then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Authorization", "Basic dXNlcjpwYXNz").body(campaign)
                .post("/api/campaigns").then().statusCode(401);
    }

    @Test
    void organiserBIsRefusedOnOrganiserAsCampaignSignaturesAndCsv() {
        String a = Api.newOrganiser("Organiser A");
        String b = Api.newOrganiser("Organiser B");
        String slug = Api.openCampaign(a);
        String email = Api.uniqueEmail("private");
        Api.sign(slug, Api.signature("Private Person", email)).statusCode(202);

        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + b).body(Map.of("title", "Hijacked"))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + b).body(Map.of("status", "CLOSED"))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(403);
        given().header("Authorization", "Bearer " + b).get("/api/campaigns/{slug}/signatures", slug)
                .then().statusCode(403).contentType("application/problem+json").body(not(containsString(email)));
        given().header("Authorization", "Bearer " + b).get("/api/campaigns/{slug}/signatures.csv", slug)
                .then().statusCode(403).contentType("application/problem+json").body(not(containsString(email)));
        given().get("/api/campaigns/{slug}/signatures", slug).then().statusCode(401);
        given().get("/api/campaigns/{slug}/signatures.csv", slug).then().statusCode(401);

        // The campaign is unchanged and A still sees its signatures.
        given().get("/api/campaigns/{slug}", slug).then().statusCode(200).body("title", equalTo("Campaign " + slug))
                .body("status", equalTo("OPEN")).body(not(containsString(email)));
        given().header("Authorization", "Bearer " + a).get("/api/campaigns/{slug}/signatures", slug)
                .then().statusCode(200).body("items[0].email", equalTo(email)).body("total", equalTo(1));
        given().header("Authorization", "Bearer " + a).get("/api/campaigns/{slug}/signatures.csv", slug)
                .then().statusCode(200).body(containsString(email));
    }

    @Test
    void draftsAreVisibleOnlyToTheirOwner() {
        String a = Api.newOrganiser("Draft owner");
        String b = Api.newOrganiser("Draft stranger");
        String slug = Api.unique("draft");
        Api.createCampaign(a, Api.campaign(slug, "DRAFT", List.of()));
        given().get("/api/campaigns/{slug}", slug).then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + b).get("/api/campaigns/{slug}", slug).then().statusCode(404);
        given().header("Authorization", "Bearer " + a).get("/api/campaigns/{slug}", slug).then().statusCode(200)
                .body("status", equalTo("DRAFT"));
        given().get("/api/campaigns?size=100").then().statusCode(200).body(not(containsString(slug)));
        Api.sign(slug, Api.signature("Early", Api.uniqueEmail("early"))).statusCode(404);
    }
}

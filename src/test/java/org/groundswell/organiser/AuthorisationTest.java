package org.groundswell.organiser;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.groundswell.common.Tokens;
import org.groundswell.support.Db;
import io.restassured.http.ContentType;
import org.groundswell.support.Api;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class AuthorisationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void organiserTokensAreShownOnceAndOnlyTheAdminCreatesOrganisers() {
        given().contentType(ContentType.JSON).body(Map.of("name", "X", "email", "x@example.org"))
                .post("/api/organisers").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer wrong-admin-token")
                .body(Map.of("name", "X", "email", "x@example.org"))
                .post("/api/organisers").then().statusCode(401);
        String organiser = Api.newOrganiser("Token owner");
        // An organiser token is not an admin token: authenticated, but not allowed.
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("name", "X", "email", "x@example.org"))
                .post("/api/organisers").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void authenticationAndRolesAreCheckedBeforeTheBodyIsRead() {
        String organiser = Api.newOrganiser("Early checks");
        for (String body : List.of("{not json", "{\"name\":\"\"}", "[]")) {
            given().contentType(ContentType.JSON).body(body).post("/api/organisers")
                    .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
            given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser).body(body)
                    .post("/api/organisers").then().statusCode(403).contentType("application/problem+json");
            given().contentType(ContentType.JSON).body(body).post("/api/campaigns")
                    .then().statusCode(401).contentType("application/problem+json");
            given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Api.ADMIN_TOKEN).body(body)
                    .post("/api/campaigns").then().statusCode(403).contentType("application/problem+json");
        }
        // With the right token, the same bad bodies reach validation.
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Api.ADMIN_TOKEN).body("{\"name\":\"\"}")
                .post("/api/organisers").then().statusCode(400);
    }

    @Test
    void anOrganiserRotatesTheirTokenAndTheOldOneStopsWorking() {
        String old = Api.newOrganiser("Rotator");
        String slug = Api.openCampaign(old);
        String fresh = given().header("Authorization", "Bearer " + old).post("/api/organisers/me/token")
                .then().statusCode(200).extract().path("token");
        assertNotEquals(old, fresh);
        given().header("Authorization", "Bearer " + old).get("/api/campaigns/{slug}/signatures", slug)
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + fresh).get("/api/campaigns/{slug}/signatures", slug)
                .then().statusCode(200);
        given().post("/api/organisers/me/token").then().statusCode(401);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).post("/api/organisers/me/token").then().statusCode(403);
    }

    @Test
    void theAdminDisablesAnOrganiserWhoseCampaignsStay() {
        String token = Api.newOrganiser("Leaving");
        String slug = Api.openCampaign(token);
        long id = organiserId(token);
        given().header("Authorization", "Bearer " + token).delete("/api/organisers/{id}", id).then().statusCode(403);
        given().delete("/api/organisers/{id}", id).then().statusCode(401);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).delete("/api/organisers/{id}", id).then().statusCode(204);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).delete("/api/organisers/{id}", id).then().statusCode(204);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).delete("/api/organisers/{id}", 987_654_321L)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + token).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(401);
        given().get("/api/campaigns/{slug}", slug).then().statusCode(200).body("status", equalTo("OPEN"));
        Api.sign(slug, Api.signature("Still welcome", Api.uniqueEmail("after-disable"))).statusCode(202);
    }

    private long organiserId(String token) {
        return Db.count(dataSource, "SELECT id FROM organiser WHERE token_hash = ?", Tokens.hash(token));
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
    void organiserBSeesNothingOfOrganiserAsCampaignSignaturesAndCsv() {
        String a = Api.newOrganiser("Organiser A");
        String b = Api.newOrganiser("Organiser B");
        String slug = Api.openCampaign(a);
        String email = Api.uniqueEmail("private");
        Api.signAndConfirm(slug, Api.signature("Private Person", email));

        // To another organiser, A's campaign does not exist: 404, as for a slug nobody uses.
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + b).body(Map.of("title", "Hijacked"))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + b).body(Map.of("status", "CLOSED"))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(404);
        given().header("Authorization", "Bearer " + b).get("/api/campaigns/{slug}/signatures", slug)
                .then().statusCode(404).contentType("application/problem+json").body(not(containsString(email)));
        given().header("Authorization", "Bearer " + b).get("/api/campaigns/{slug}/signatures.csv", slug)
                .then().statusCode(404).contentType("application/problem+json").body(not(containsString(email)));
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

package org.groundswell.ops;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.groundswell.support.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input of every kind gets a 4xx problem document, never a 500. */
@QuarkusTest
class MalformedRequestsTest {

    private String organiser;
    private String slug;

    record Case(String name, int expectedStatus, Function<RequestSpecification, io.restassured.response.Response> call) {
    }

    @BeforeEach
    void campaign() {
        organiser = Api.newOrganiser("Malformed");
        slug = Api.openCampaign(organiser);
    }

    @Test
    void everyMalformedRequestIsA4xxProblem() {
        String sign = "/api/campaigns/" + slug + "/signatures";
        String valid = "{\"name\":\"A\",\"email\":\"a@example.org\",\"country\":\"GB\"}";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("truncated JSON", 400, r -> r.contentType("application/json").body("{\"name\":").post(sign)));
        cases.add(new Case("not JSON at all", 400, r -> r.contentType("application/json").body("name=A&email=b").post(sign)));
        cases.add(new Case("JSON array instead of object", 400, r -> r.contentType("application/json").body("[1,2]").post(sign)));
        cases.add(new Case("empty body", 400, r -> r.contentType("application/json").body("").post(sign)));
        cases.add(new Case("null body", 400, r -> r.contentType("application/json").body("null").post(sign)));
        cases.add(new Case("name is a number", 400, r -> r.contentType("application/json").body("{\"name\":{},\"email\":\"a@example.org\",\"country\":\"GB\"}").post(sign)));
        cases.add(new Case("consent is a string", 400, r -> r.contentType("application/json").body("{\"name\":\"A\",\"email\":\"a@example.org\",\"country\":\"GB\",\"consentToUpdates\":\"maybe\"}").post(sign)));
        cases.add(new Case("district is text", 400, r -> r.contentType("application/json").body("{\"name\":\"A\",\"email\":\"a@example.org\",\"country\":\"GB\",\"district\":\"seven\"}").post(sign)));
        cases.add(new Case("missing name", 400, r -> r.contentType("application/json").body("{\"email\":\"a@example.org\",\"country\":\"GB\"}").post(sign)));
        cases.add(new Case("blank name", 400, r -> r.contentType("application/json").body("{\"name\":\"   \",\"email\":\"a@example.org\",\"country\":\"GB\"}").post(sign)));
        cases.add(new Case("name too long", 400, r -> r.contentType("application/json").body("{\"name\":\"" + "x".repeat(101) + "\",\"email\":\"a@example.org\",\"country\":\"GB\"}").post(sign)));
        cases.add(new Case("invalid e-mail", 400, r -> r.contentType("application/json").body("{\"name\":\"A\",\"email\":\"not-an-address\",\"country\":\"GB\"}").post(sign)));
        cases.add(new Case("e-mail without TLD", 400, r -> r.contentType("application/json").body("{\"name\":\"A\",\"email\":\"a@localhost\",\"country\":\"GB\"}").post(sign)));
        cases.add(new Case("e-mail with two @", 400, r -> r.contentType("application/json").body("{\"name\":\"A\",\"email\":\"a@b@example.org\",\"country\":\"GB\"}").post(sign)));
        cases.add(new Case("unknown country", 400, r -> r.contentType("application/json").body("{\"name\":\"A\",\"email\":\"a@example.org\",\"country\":\"XX\"}").post(sign)));
        cases.add(new Case("three-letter country", 400, r -> r.contentType("application/json").body("{\"name\":\"A\",\"email\":\"a@example.org\",\"country\":\"GBR\"}").post(sign)));
        cases.add(new Case("NUL in name", 400, r -> r.contentType("application/json").body("{\"name\":\"A\\u0000B\",\"email\":\"a@example.org\",\"country\":\"GB\"}").post(sign)));
        cases.add(new Case("lone surrogate in name", 400, r -> r.contentType("application/json").body("{\"name\":\"A\\ud800B\",\"email\":\"a@example.org\",\"country\":\"GB\"}").post(sign)));
        cases.add(new Case("postal code with markup", 400, r -> r.contentType("application/json").body("{\"name\":\"A\",\"email\":\"a@example.org\",\"country\":\"GB\",\"postalCode\":\"<b>1</b>\"}").post(sign)));
        cases.add(new Case("unsupported media type", 415, r -> r.contentType("text/plain").body(valid).post(sign)));
        cases.add(new Case("XML body", 415, r -> r.contentType("application/xml").body("<a/>").post(sign)));
        cases.add(new Case("over-large body", 413, r -> r.contentType("application/json").body("{\"name\":\"" + "x".repeat(70_000) + "\"}").post(sign)));
        cases.add(new Case("unknown campaign", 404, r -> r.contentType("application/json").body(valid).post("/api/campaigns/no-such-campaign/signatures")));
        cases.add(new Case("unknown campaign read", 404, r -> r.get("/api/campaigns/no-such-campaign")));
        cases.add(new Case("unknown path", 404, r -> r.get("/api/nothing-here")));
        cases.add(new Case("wrong method", 405, r -> r.delete("/api/organisers")));
        cases.add(new Case("negative page", 400, r -> r.get("/api/campaigns?page=-1")));
        cases.add(new Case("page is text", 400, r -> r.get("/api/campaigns?page=abc")));
        cases.add(new Case("huge page size", 400, r -> r.get("/api/campaigns?size=100000")));
        cases.add(new Case("DRAFT filter", 400, r -> r.get("/api/campaigns?status=DRAFT")));
        cases.add(new Case("unknown status filter", 400, r -> r.get("/api/campaigns?status=PAUSED")));
        cases.add(new Case("campaign with goal 0", 400, r -> r.header("Authorization", "Bearer " + organiser).contentType("application/json")
                .body("{\"title\":\"T\",\"summary\":\"S\",\"body\":\"B\",\"topic\":\"x\",\"goal\":0}").post("/api/campaigns")));
        cases.add(new Case("campaign with bad slug", 400, r -> r.header("Authorization", "Bearer " + organiser).contentType("application/json")
                .body("{\"slug\":\"Bad Slug!\",\"title\":\"T\",\"summary\":\"S\",\"body\":\"B\",\"topic\":\"x\",\"goal\":1}").post("/api/campaigns")));
        cases.add(new Case("campaign with unknown step kind", 400, r -> r.header("Authorization", "Bearer " + organiser).contentType("application/json")
                .body("{\"title\":\"T\",\"summary\":\"S\",\"body\":\"B\",\"topic\":\"x\",\"goal\":1,\"steps\":[{\"kind\":\"FAX\",\"title\":\"t\",\"instructions\":\"i\",\"target\":{\"name\":\"n\"}}]}").post("/api/campaigns")));
        cases.add(new Case("EMAIL step without address", 400, r -> r.header("Authorization", "Bearer " + organiser).contentType("application/json")
                .body("{\"title\":\"T\",\"summary\":\"S\",\"body\":\"B\",\"topic\":\"x\",\"goal\":1,\"steps\":[{\"kind\":\"EMAIL\",\"title\":\"t\",\"instructions\":\"i\",\"target\":{\"name\":\"n\"}}]}").post("/api/campaigns")));
        cases.add(new Case("javascript: URL target", 400, r -> r.header("Authorization", "Bearer " + organiser).contentType("application/json")
                .body("{\"title\":\"T\",\"summary\":\"S\",\"body\":\"B\",\"topic\":\"x\",\"goal\":1,\"steps\":[{\"kind\":\"LINK\",\"title\":\"t\",\"instructions\":\"i\",\"target\":{\"name\":\"n\",\"url\":\"javascript:alert(1)\"}}]}").post("/api/campaigns")));
        cases.add(new Case("creating a CLOSED campaign", 400, r -> r.header("Authorization", "Bearer " + organiser).contentType("application/json")
                .body("{\"title\":\"T\",\"summary\":\"S\",\"body\":\"B\",\"topic\":\"x\",\"goal\":1,\"status\":\"CLOSED\"}").post("/api/campaigns")));
        cases.add(new Case("confirm without token", 400, r -> r.contentType("application/json").body("{}").post("/api/signatures/confirm")));
        cases.add(new Case("steps without token", 400, r -> r.contentType("application/json").body("{}").post("/api/signatures/steps")));
        cases.add(new Case("organiser with bad e-mail", 400, r -> r.header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType("application/json")
                .body("{\"name\":\"N\",\"email\":\"nope\"}").post("/api/organisers")));

        assertTrue(cases.size() >= 20);
        assertAll(cases.stream().map(c -> () -> {
            io.restassured.response.Response response = c.call().apply(given());
            String body = response.asString();
            assertEquals(c.expectedStatus(), response.statusCode(), c.name() + ": " + body);
            assertTrue(response.contentType().startsWith("application/problem+json"), c.name() + ": content type " + response.contentType());
            assertEquals(c.expectedStatus(), response.jsonPath().getInt("status"), c.name());
            assertFalse(response.jsonPath().getString("detail").isBlank(), c.name() + " has a detail");
        }));
    }
}

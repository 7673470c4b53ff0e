package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A campaign's budget of new signatures: beyond it, signatures from anyone are held (CAMPAIGN) until reviewed. */
@QuarkusTest
@TestProfile(CampaignBudgetTest.SmallBudget.class)
class CampaignBudgetTest {

    private static final int BUDGET = 10;

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("groundswell.limits.campaign-budget", String.valueOf(BUDGET));
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void signaturesBeyondTheCampaignsBudgetAreHeldAndAReviewerMayReleaseThem() {
        String organiser = Api.newOrganiser("Budget organiser");
        String slug = Api.openCampaign(organiser);
        int signs = BUDGET + 5;
        for (int i = 0; i < signs; i++) {
            Api.sign(slug, Api.signature("Supporter " + i, Api.uniqueEmail("budget"))).statusCode(202); // each from an address of its own
        }
        String campaign = "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ? AND ";
        assertEquals(BUDGET, Db.count(dataSource, campaign + "s.status = 'PENDING'", slug));
        assertEquals(signs - BUDGET, Db.count(dataSource, campaign + "s.held_reasons = ARRAY['CAMPAIGN']::varchar[]", slug));
        // Another campaign has a budget of its own.
        String other = Api.openCampaign(organiser);
        Api.sign(other, Api.signature("Elsewhere", Api.uniqueEmail("budget"))).statusCode(202);
        assertEquals(1, Db.count(dataSource, campaign + "s.status = 'PENDING'", other));
        // The organiser decides they are real: released, mailed.
        given().header("Authorization", "Bearer " + organiser).contentType(ContentType.JSON).body(Map.of("domain", "example.org"))
                .post("/api/campaigns/{slug}/review/release", slug).then().statusCode(200)
                .body("released", equalTo(signs - BUDGET)).body("kept", equalTo(0));
        assertEquals(signs, Db.count(dataSource, campaign + "s.status = 'PENDING'", slug));
    }
}

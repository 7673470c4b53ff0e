package org.groundswell.signature;

import io.quarkus.test.junit.QuarkusTest;
import org.groundswell.support.Api;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CsvExportTest {

    @Test
    void csvIsSafeAgainstFormulaInjection() {
        String organiser = Api.newOrganiser("Exporter");
        String slug = Api.openCampaign(organiser);
        String formula = Api.uniqueEmail("formula");
        String quoted = Api.uniqueEmail("quoted");
        Api.signAndConfirm(slug, Api.signature("=HYPERLINK(\"#A1\",\"click\")", formula));
        Api.signAndConfirm(slug, Api.signature("Smith, \"Jo\"", quoted));
        Api.signAndConfirm(slug, Api.signature("@SUM(A1)", Api.uniqueEmail("at")));
        Api.sign(slug, Api.signature("Not Yet Confirmed", Api.uniqueEmail("pending"))).statusCode(202);

        String csv = given().header("Authorization", "Bearer " + organiser).get("/api/campaigns/{slug}/signatures.csv", slug)
                .then().statusCode(200).contentType("text/csv").header("Content-Disposition", slug.isEmpty() ? "" : "attachment; filename=\"" + slug + "-signatures.csv\"")
                .extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals("name,email,country,region,postal_code,district,consent_to_updates,status,created_at,confirmed_at,origin_system", lines.get(0));
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).startsWith("\"'=HYPERLINK(\"\"#A1\"\",\"\"click\"\")\"," + formula + ",GB,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("\"Smith, \"\"Jo\"\"\"," + quoted + ","), lines.get(2));
        assertTrue(lines.get(3).startsWith("'@SUM(A1),"), lines.get(3));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(",CONFIRMED,")), "only confirmed signatures: supporters, not attempts");
    }
}

package org.groundswell.congress;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.groundswell.support.LegislatorData;
import org.groundswell.support.Mails;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steps addressed to the supporter's own members of Congress, on the demo campaign that uses them. */
@QuarkusTest
class RepresentativeStepsTest {

    private static final String SLUG = "support-open-source-ai";
    private static final String SUBJECT = "Support for Open-Source AI Development";

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void dataLoaded() {
        LegislatorData.importOriginal();
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).post("/api/admin/demo-campaigns").then().statusCode(200);
    }

    @Test
    void aSupporterInWashington7GetsBothSenatorsAndTheirHouseMember() throws Exception {
        String email = Api.uniqueEmail("wa7");
        String token = Api.signAndGetToken(SLUG, usSignature("Jo <Smith> & Co", email, "wa", 7));
        assertEquals("WA", regionInDatabase(email), "the state code is stored in upper case");

        Api.confirmByLink(token).statusCode(200).contentType(ContentType.HTML)
                .body(containsString("Senator Maria Cantwell"));

        MimeMessage mail = Api.awaitMail(email, "Next steps");
        String text = Mails.text(mail);
        assertTrue(text.contains("Write to Senator Maria Cantwell, 511 Hart Senate Office Building Washington DC 20510."), text);
        assertTrue(text.contains("Call Senator Maria Cantwell at 202-224-3441."), text);
        assertTrue(text.contains("Or send it online: https://www.cantwell.senate.gov/public/index.cfm/email-maria"), text);
        assertTrue(text.contains("Write to Senator Patty Murray, 154 Russell Senate Office Building Washington DC 20510."), text);
        assertTrue(text.contains("Call Senator Patty Murray at 202-224-2621."), text);
        assertTrue(text.contains("Write to Representative Pramila Jayapal, 2346 Rayburn House Office Building Washington DC 20515-4707."), text);
        assertTrue(text.contains("Call Representative Pramila Jayapal at 202-225-3106."), text);
        assertTrue(text.contains("Or send it online: https://jayapal.house.gov"), text);
        for (String salutation : List.of("Senator Cantwell", "Senator Murray", "Representative Jayapal")) {
            assertTrue(text.contains("---\nDear " + salutation + ",\n\nI am writing to urge you to support policies that promote open-source AI development."), text);
        }
        assertEquals(3, count(text, "Subject: " + SUBJECT));
        assertEquals(3, count(text, "Sincerely,\nJo <Smith> & Co\nWA 98101"), text);
        assertFalse(text.contains("Find yours here"), "no notice for a supporter we could place");

        String html = Mails.html(mail);
        assertFalse(html.contains("<Smith>"), "the supporter's name is escaped");
        Document document = Jsoup.parse(html);
        assertEquals(List.of("Senator Maria Cantwell", "Senator Patty Murray", "Representative Pramila Jayapal"),
                document.select(".step-LETTER .target").eachText());
        assertEquals(List.of("tel:202-224-3441", "tel:202-224-2621", "tel:202-225-3106"),
                document.select("a.phone").eachAttr("href"));
        assertEquals(1, document.select("a[href=https://www.cantwell.senate.gov/public/index.cfm/email-maria]").size());
        assertTrue(document.select("pre.message").eachText().stream().allMatch(m -> m.contains("Jo <Smith> & Co")));

        JsonPath steps = Api.steps(token).statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("Senator Maria Cantwell", "Senator Patty Murray", "Representative Pramila Jayapal"),
                steps.getList("steps.targetName"));
        assertEquals(List.of("202-224-3441", "202-224-2621", "202-225-3106"), steps.getList("steps.targetPhone"));
        assertTrue(steps.getString("steps[2].message").startsWith("Dear Representative Jayapal,"));
    }

    @Test
    void aSupporterOutsideTheUsGetsANoticeInsteadOfTheRepresentativeSteps() {
        String email = Api.uniqueEmail("abroad");
        Map<String, Object> signature = Api.signature("Ada Abroad", email); // GB
        signature.put("region", "Washington");
        String token = Api.signAndGetToken(SLUG, signature);
        Api.confirmByLink(token).statusCode(200);

        String text = Mails.text(Api.awaitMail(email, "Next steps"));
        assertEquals(2, count(text, "This step is for supporters who vote in the United States; you signed from GB."), text);
        assertTrue(text.contains("Find yours here: https://www.senate.gov/senators/senators-contact.htm"), text);
        assertTrue(text.contains("Find yours here: https://www.house.gov/representatives/find-your-representative"), text);
        assertFalse(text.contains("Senator "), text);
        assertFalse(text.contains("Dear "), text);
        Api.steps(token).statusCode(200)
                .body("steps", hasSize(2))
                .body("steps[0].targetName", equalTo(null));
    }

    @Test
    void withoutADistrictEveryHouseMemberOfTheStateIsListedWithTheLookUpLink() {
        String email = Api.uniqueEmail("wa");
        String token = Api.signAndGetToken(SLUG, usSignature("Wa Supporter", email, "WA", null));
        Api.confirmByLink(token).statusCode(200);

        JsonPath steps = Api.steps(token).statusCode(200)
                .extract().jsonPath();
        // 2 senators, the notice, then all 10 members for Washington
        assertEquals(13, steps.getList("steps").size());
        assertEquals("You did not give your congressional district, so here are all 10 House members for Washington.",
                steps.getString("steps[2].notice"));
        assertEquals("https://www.house.gov/representatives/find-your-representative", steps.getString("steps[2].targetUrl"));
        assertTrue(steps.getList("steps.targetName", String.class).contains("Representative Pramila Jayapal"));

        // An at-large state needs no district.
        String wyEmail = Api.uniqueEmail("wy");
        String wyToken = Api.signAndGetToken(SLUG, usSignature("Wy Supporter", wyEmail, "WY", null));
        Api.confirmByLink(wyToken).statusCode(200);
        Api.steps(wyToken).statusCode(200)
                .body("steps", hasSize(3))
                .body("steps[2].targetName", containsString("Representative "))
                .body("steps[2].notice", equalTo(null));
    }

    @Test
    void invalidStatesAndDistrictsAreRejected() {
        expectFieldError(given().queryParam("state", "XX").get("/api/representatives"), "state");
        expectFieldError(given().get("/api/representatives"), "state");
        expectFieldError(given().queryParam("state", "Washington").get("/api/representatives"), "state");
        expectFieldError(given().queryParam("state", "WA").queryParam("district", 11).get("/api/representatives"), "district");
        expectFieldError(given().queryParam("state", "WA").queryParam("district", 0).get("/api/representatives"), "district");
        expectFieldError(given().queryParam("state", "WA").queryParam("district", 54).get("/api/representatives"), "district");
        expectFieldError(given().queryParam("state", "WA").queryParam("district", "seven").get("/api/representatives"), "district");
        expectFieldError(given().queryParam("state", "WY").queryParam("district", 1).get("/api/representatives"), "district");
        given().queryParam("state", "wy").queryParam("district", 0).get("/api/representatives").then().statusCode(200)
                .body("size()", equalTo(3));

        expectFieldError(Api.sign(SLUG, usSignature("X", Api.uniqueEmail("bad"), "XX", null)), "region");
        expectFieldError(Api.sign(SLUG, usSignature("X", Api.uniqueEmail("bad"), "WA", 11)), "district");
        expectFieldError(Api.sign(SLUG, usSignature("X", Api.uniqueEmail("bad"), "WA", 0)), "district");
        expectFieldError(Api.sign(SLUG, usSignature("X", Api.uniqueEmail("bad"), "CA", 53)), "district");
        expectFieldError(Api.sign(SLUG, usSignature("X", Api.uniqueEmail("bad"), "AK", 1)), "district");
        expectFieldError(Api.sign(SLUG, usSignature("X", Api.uniqueEmail("bad"), null, 7)), "district");
        Map<String, Object> abroad = Api.signature("X", Api.uniqueEmail("bad"));
        abroad.put("district", 7);
        expectFieldError(Api.sign(SLUG, abroad), "district");
        // CA-14 is not in the file (a vacant seat), but it is still one of California's districts.
        Api.sign(SLUG, usSignature("Ca Supporter", Api.uniqueEmail("ca14"), "CA", 14)).statusCode(202);
    }

    private static void expectFieldError(io.restassured.response.Response response, String field) {
        expectFieldError(response.then(), field);
    }

    private static void expectFieldError(io.restassured.response.ValidatableResponse response, String field) {
        response.statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo(field));
    }

    private static Map<String, Object> usSignature(String name, String email, String region, Integer district) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("email", email);
        body.put("country", "US");
        body.put("region", region);
        body.put("postalCode", "98101");
        body.put("district", district);
        body.put("consentToUpdates", false);
        return body;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private String regionInDatabase(String email) {
        return Db.value(dataSource, "SELECT region FROM signature WHERE email = ?", email);
    }
}

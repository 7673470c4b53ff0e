package org.groundswell.signature;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.mail.internet.MimeMessage;
import org.groundswell.support.Api;
import org.groundswell.support.Mails;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every string of the Big List of Naughty Strings, as name, region and postal code: 202 or 4xx, and escaped where
 * shown (the confirmation mail shows none of them).
 */
@QuarkusTest
class NaughtyStringsTest {

    /** The Big List of Naughty Strings (src/test/resources/blns.json, MIT licence beside it). */
    static List<String> naughtyStrings() throws Exception {
        try (InputStream in = NaughtyStringsTest.class.getResourceAsStream("/blns.json")) {
            assertNotNull(in, "blns.json is on the test class path");
            return new ObjectMapper().readValue(in, new TypeReference<List<String>>() {
            });
        }
    }

    @Test
    void naughtyNamesRegionsAndPostalCodesNeverCauseA5xx() throws Exception {
        List<String> strings = naughtyStrings();
        assertTrue(strings.size() > 500);
        String slug = Api.openCampaign(Api.newOrganiser("Naughty organiser"));
        List<String> failures = new ArrayList<>();
        for (String field : List.of("region", "postalCode")) {
            for (String naughty : strings) {
                Map<String, Object> signature = new HashMap<>(Api.signature("Plain Name", Api.uniqueEmail("blns-" + field)));
                signature.put(field, naughty);
                int status = Api.sign(slug, signature).extract().statusCode();
                if (status != 202 && (status < 400 || status >= 500)) {
                    failures.add(field + "=" + naughty + " -> " + status);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void naughtyRegionsAreShownEscapedInTheStepsPageAndMail() throws Exception {
        String organiser = Api.newOrganiser("Naughty regions");
        String slug = Api.unique("regions");
        Map<String, Object> step = new HashMap<>(Api.emailStep());
        step.put("messageTemplate", "From {supporter.region} ({supporter.postalCode}), {supporter.name}");
        Api.createCampaign(organiser, Api.campaign(slug, "OPEN", List.of(step)));
        int checked = 0;
        for (String naughty : naughtyStrings()) {
            boolean markup = naughty.contains("<") || naughty.contains("&") || naughty.contains("\"") || naughty.contains("'");
            if (!markup || checked >= 25) {
                continue;
            }
            String email = Api.uniqueEmail("blns-region");
            Map<String, Object> signature = new HashMap<>(Api.signature("Region Tester", email));
            signature.put("region", naughty);
            if (Api.sign(slug, signature).extract().statusCode() != 202) {
                continue;
            }
            checked++;
            String expected = squash("From " + naughty.strip() + " (SW1A 1AA), Region Tester");
            String token = Api.confirmationToken(Api.awaitMail(email, "Please confirm"));
            Document page = Jsoup.parse(Api.confirmByLink(token).statusCode(200).extract().asString());
            assertEquals(expected, squash(page.select("pre.message").text()), "confirm page shows the region as text");
            assertTrue(page.select("main script").isEmpty());
            Document mail = Jsoup.parse(Mails.html(Api.awaitMail(email, "Next steps")));
            assertEquals(expected, squash(mail.select("pre.message").text()), "steps mail shows the region as text");
        }
        assertTrue(checked >= 20, "checked " + checked);
    }

    @Test
    void naughtyNamesAreStoredAsSentAndShownEscaped() throws Exception {
        List<String> strings = naughtyStrings();
        String organiser = Api.newOrganiser("Naughty names");
        String slug = Api.openCampaign(organiser);
        Map<String, String> accepted = new HashMap<>();
        List<String> failures = new ArrayList<>();
        for (String naughty : strings) {
            String email = Api.uniqueEmail("blns-name");
            int status = Api.sign(slug, Api.signature(naughty, email)).extract().statusCode();
            if (status == 202) {
                accepted.put(email, naughty.strip());
            } else if (status < 400 || status >= 500) {
                failures.add("name=" + naughty + " -> " + status);
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(accepted.size() > 400, "most strings are acceptable names: " + accepted.size());
        assertTrue(accepted.containsValue("<script>alert(123)</script>"), "markup is a valid name, shown as text");

        int checked = 0;
        for (Map.Entry<String, String> entry : accepted.entrySet()) {
            String name = entry.getValue();
            boolean interesting = name.contains("<") || name.contains("&") || name.contains("\"") || name.contains("'") || checked < 20;
            if (!interesting) {
                continue;
            }
            checked++;
            MimeMessage mail = Api.awaitMail(entry.getKey(), "Please confirm");
            Document mailHtml = Jsoup.parse(Mails.html(mail));
            // The confirmation mail carries nothing the signer typed: the campaign's own words only.
            assertEquals("Hello,", squash(mailHtml.select("p").first().text()), "mail HTML greets without the name");
            assertTrue(Mails.text(mail).startsWith("Hello,"), "the text part too");
            String page = Api.confirmByLink(Api.confirmationToken(mail)).statusCode(200).extract().asString();
            Document document = Jsoup.parse(page);
            assertEquals(squash("Thank you, " + name + ". Your signature for " + "Campaign " + slug + " is confirmed."),
                    squash(document.select("main p").first().text()), "page shows the name as text");
            assertTrue(document.select("main script").isEmpty(), "no script element was injected");
        }
        assertTrue(checked > 40, "checked " + checked);

        String json = given().header("Authorization", "Bearer " + organiser).queryParam("size", 1000)
                .get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();
        List<Map<String, Object>> items = new ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() {
        }).entrySet().stream().filter(e -> e.getKey().equals("items")).map(e -> (List<Map<String, Object>>) e.getValue()).findFirst().orElseThrow();
        for (Map<String, Object> item : items) {
            assertEquals(accepted.get((String) item.get("email")), item.get("name"), "stored exactly as sent");
        }
    }

    private static String squash(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}

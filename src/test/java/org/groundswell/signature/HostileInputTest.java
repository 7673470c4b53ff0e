package org.groundswell.signature;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.mail.internet.MimeMessage;
import org.groundswell.support.Api;
import org.groundswell.support.HostileInputs;
import org.groundswell.support.Mails;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every string of the project's hostile-input corpus ({@link HostileInputs}: encodings, control and bidi characters,
 * template and formula syntax, SQL, HTML, shell and paths, overlong and empty input), as name, region and postal
 * code: 202 or 4xx, and escaped when shown (the confirmation mail shows none of them).
 */
@QuarkusTest
class HostileInputTest {

    static List<String> hostileStrings() {
        return HostileInputs.all();
    }

    @Test
    void theCorpusCoversEveryKindOfAttack() {
        for (Map.Entry<String, List<String>> category : HostileInputs.BY_CATEGORY.entrySet()) {
            assertTrue(category.getValue().size() >= 10, category.getKey() + ": " + category.getValue().size());
        }
        assertTrue(hostileStrings().size() >= 150, "strings: " + hostileStrings().size());
    }

    @Test
    void hostileNamesRegionsAndPostalCodesNeverCauseA5xx() throws Exception {
        List<String> strings = hostileStrings();
        String slug = Api.openCampaign(Api.newOrganiser("Hostile organiser"));
        List<String> failures = new ArrayList<>();
        for (String field : List.of("region", "postalCode")) {
            for (String hostile : strings) {
                Map<String, Object> signature = new HashMap<>(Api.signature("Plain Name", Api.uniqueEmail("hostile-" + field)));
                signature.put(field, hostile);
                int status = Api.sign(slug, signature).extract().statusCode();
                if (status != 202 && (status < 400 || status >= 500)) {
                    failures.add(field + "=" + hostile + " -> " + status);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void hostileRegionsAreShownEscapedInTheStepsPageAndMail() throws Exception {
        String organiser = Api.newOrganiser("Hostile regions");
        String slug = Api.unique("regions");
        Map<String, Object> step = new HashMap<>(Api.emailStep());
        step.put("messageTemplate", "From {supporter.region} ({supporter.postalCode}), {supporter.name}");
        Api.createCampaign(organiser, Api.campaign(slug, "OPEN", List.of(step)));
        int checked = 0;
        for (String hostile : hostileStrings()) {
            boolean markup = hostile.contains("<") || hostile.contains("&") || hostile.contains("\"") || hostile.contains("'");
            if (!markup || checked >= 25) {
                continue;
            }
            String email = Api.uniqueEmail("hostile-region");
            Map<String, Object> signature = new HashMap<>(Api.signature("Region Tester", email));
            signature.put("region", hostile);
            if (Api.sign(slug, signature).extract().statusCode() != 202) {
                continue;
            }
            checked++;
            String expected = squash("From " + hostile.strip() + " (SW1A 1AA), Region Tester");
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
    void hostileNamesAreStoredAsSentAndShownEscaped() throws Exception {
        List<String> strings = hostileStrings();
        String organiser = Api.newOrganiser("Hostile names");
        String slug = Api.openCampaign(organiser);
        Map<String, String> accepted = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (String hostile : strings) {
            String email = Api.uniqueEmail("hostile-name");
            int status = Api.sign(slug, Api.signature(hostile, email)).extract().statusCode();
            if (status == 202) {
                accepted.put(email, hostile.strip());
            } else if (status < 400 || status >= 500) {
                failures.add("name=" + hostile + " -> " + status);
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(accepted.size() > strings.size() * 3 / 4, "most strings are acceptable names: " + accepted.size()
                + " of " + strings.size());
        assertTrue(accepted.containsValue("<script>alert(123)</script>"), "markup is a valid name, shown as text");

        // The corpus is small enough to follow every accepted name through its mail and page, in corpus order.
        List<String> shownWrong = new ArrayList<>();
        for (Map.Entry<String, String> entry : accepted.entrySet()) {
            String name = entry.getValue();
            MimeMessage mail = Api.awaitMail(entry.getKey(), "Please confirm");
            Document mailHtml = Jsoup.parse(Mails.html(mail));
            // The confirmation mail carries nothing the signer typed: the campaign's own words only.
            assertEquals("Hello,", squash(mailHtml.select("p").first().text()), "mail HTML greets without the name");
            assertTrue(Mails.text(mail).startsWith("Hello,"), "the text part too");
            String page = Api.confirmByLink(Api.confirmationToken(mail)).statusCode(200).extract().asString();
            Document document = Jsoup.parse(page);
            if (!squash("Thank you, " + name + ". Your signature for " + "Campaign " + slug + " is confirmed.")
                    .equals(squash(document.select("main p").first().text()))) {
                shownWrong.add("the page shows " + escape(name) + " as " + escape(document.select("main p").first().text()));
            }
            assertTrue(document.select("main script").isEmpty(), "no script element was injected");
        }
        assertEquals(List.of(), shownWrong, "names are shown as text, as sent");

        String json = given().header("Authorization", "Bearer " + organiser).queryParam("size", 1000)
                .get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();
        List<Map<String, Object>> items = new ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() {
        }).entrySet().stream().filter(e -> e.getKey().equals("items")).map(e -> (List<Map<String, Object>>) e.getValue()).findFirst().orElseThrow();
        for (Map<String, Object> item : items) {
            assertEquals(accepted.get((String) item.get("email")), item.get("name"), "stored exactly as sent");
        }
    }

    /** A name in a failure message, with invisible and control characters as code points. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> out.append(c < 0x20 || (c >= 0x7f && c <= 0xa0) || Character.getType(c) == Character.FORMAT
                ? String.format("\\u%04X", c) : Character.toString(c)));
        return out.append('"').toString();
    }

    /**
     * Text as jsoup's {@code text()} gives it, to compare with: runs of white space (no-break space included) as one
     * space, and the invisible zero-width space and soft hyphen left out.
     */
    private static String squash(String text) {
        return text.replaceAll("[\u200B\u00AD]", "").replaceAll("[\\s\u00A0]+", " ").strip();
    }
}

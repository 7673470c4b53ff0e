package org.groundswell.osdi;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OSDI v1.2 petition API over HTTP, with the field names of the OSDI documents. */
@QuarkusTest
class OsdiTest {

    private static final String AEP = "/api/osdi/v1";
    private static final String HAL = "application/hal+json";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theEntryPointCarriesOsdisFieldsAndLinks() {
        given().get(AEP).then().statusCode(200).contentType(HAL)
                .body("motd", containsString("Groundswell"))
                .body("max_pagesize", equalTo(100))
                .body("vendor_name", equalTo("Groundswell"))
                .body("product_name", equalTo("Groundswell petitions"))
                .body("osdi_version", equalTo("1.2"))
                .body("namespace", equalTo("groundswell"))
                .body("_links.self.href", endsWith("/api/osdi/v1"))
                .body("_links.self.title", equalTo("This API entry point"))
                .body("_links.'osdi:petitions'.href", endsWith("/api/osdi/v1/petitions"))
                .body("_links.'osdi:petitions'.title", equalTo("The collection of petitions in the system"))
                .body("_links.curies[0].name", equalTo("osdi"))
                .body("_links.curies[0].href", containsString("{rel}"))
                .body("_links.curies[0].templated", equalTo(true));
        given().accept(ContentType.JSON).get(AEP).then().statusCode(200).contentType(ContentType.JSON)
                .body("osdi_version", equalTo("1.2"));
        given().accept(HAL).get(AEP).then().statusCode(200).contentType(HAL);
    }

    @Test
    void petitionsArePagedNewestFirstWithOsdisFieldsAndNoDrafts() {
        String organiser = Api.newOrganiser("OSDI petitions");
        String first = Api.openCampaign(organiser);
        String second = Api.openCampaign(organiser);
        String third = Api.openCampaign(organiser);
        String draft = Api.unique("draft");
        Api.createCampaign(organiser, Api.campaign(draft, "DRAFT", List.of(Api.emailStep())));
        String closed = Api.openCampaign(organiser);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("status", "CLOSED")).patch("/api/campaigns/{slug}", closed).then().statusCode(200);

        JsonPath pageOne = given().queryParam("per_page", 2).get(AEP + "/petitions").then().statusCode(200).contentType(HAL)
                .body("page", equalTo(1)).body("per_page", equalTo(2))
                .body("_embedded.'osdi:petitions'.identifiers", contains(List.of("groundswell:" + closed), List.of("groundswell:" + third)))
                .body("_links.self.href", endsWith("/api/osdi/v1/petitions?page=1&per_page=2"))
                .body("_links.next.href", endsWith("/api/osdi/v1/petitions?page=2&per_page=2"))
                .body("_links", not(hasKey("previous")))
                .body("_links.'osdi:petitions'[0].href", endsWith("/api/osdi/v1/petitions/" + closed))
                .body("_links.curies[0].name", equalTo("osdi"))
                .extract().jsonPath();
        long total = pageOne.getLong("total_records");
        assertTrue(total >= 4, "at least this test's four public campaigns: " + total);
        assertEquals((total + 1) / 2, pageOne.getLong("total_pages"));

        given().queryParam("page", 2).queryParam("per_page", 2).get(AEP + "/petitions").then().statusCode(200)
                .body("page", equalTo(2))
                .body("_embedded.'osdi:petitions'.identifiers", contains(List.of("groundswell:" + second), List.of("groundswell:" + first)))
                .body("_links.previous.href", endsWith("/api/osdi/v1/petitions?page=1&per_page=2"));

        // Every field of the petition document, on the closed campaign.
        Map<String, Object> petition = pageOne.getMap("_embedded.'osdi:petitions'[0]");
        assertEquals(List.of("groundswell:" + closed), petition.get("identifiers"));
        assertEquals("Groundswell", petition.get("origin_system"));
        Instant.parse((String) petition.get("created_date"));
        Instant.parse((String) petition.get("modified_date"));
        assertEquals("Campaign " + closed, petition.get("title"));
        assertEquals("Summary of " + closed, petition.get("summary"));
        assertEquals("Body of " + closed, petition.get("description"));
        assertEquals("Body of " + closed, petition.get("petition_text"));
        assertTrue(((String) petition.get("browser_url")).endsWith("/c/" + closed), petition.toString());
        assertEquals(0, petition.get("total_signatures"));
        assertEquals(List.of(Map.of("name", "Federal Trade Commission"), Map.of("name", "National Institute of Standards and Technology")),
                petition.get("target"));
        JsonPath links = JsonPath.from(pageOne.prettify()).setRootPath("_embedded.'osdi:petitions'[0]._links");
        assertTrue(links.getString("self.href").endsWith("/api/osdi/v1/petitions/" + closed));
        assertTrue(links.getString("'osdi:signatures'.href").endsWith("/api/osdi/v1/petitions/" + closed + "/signatures"));
        assertTrue(links.getString("'osdi:record_signature_helper'.href")
                .endsWith("/api/osdi/v1/petitions/" + closed + "/record_signature_helper"));

        // Drafts are absent from the list and unknown on their own; a large page is cut to max_pagesize.
        given().queryParam("per_page", 1000).get(AEP + "/petitions").then().statusCode(200)
                .body("per_page", equalTo(100))
                .body("_embedded.'osdi:petitions'.identifiers.flatten()", hasItem("groundswell:" + third))
                .body("_embedded.'osdi:petitions'.identifiers.flatten()", not(hasItem("groundswell:" + draft)));
        given().get(AEP + "/petitions/{id}", draft).then().statusCode(404).contentType("application/problem+json");

        // One petition, by slug or by its identifier (URL-encoded or not).
        given().get(AEP + "/petitions/{id}", second).then().statusCode(200).contentType(HAL)
                .body("identifiers", contains("groundswell:" + second)).body("title", equalTo("Campaign " + second));
        given().urlEncodingEnabled(false).get(AEP + "/petitions/groundswell%3A" + second).then().statusCode(200)
                .body("identifiers", contains("groundswell:" + second));
        given().get(AEP + "/petitions/{id}", "groundswell:" + second).then().statusCode(200)
                .body("identifiers", contains("groundswell:" + second));
        given().get(AEP + "/petitions/{id}", "no-such-petition").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("page", 0).get(AEP + "/petitions").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theHelperSignsAnonymouslyAnswersEmptyAndCountsOnlyAfterConfirmation() throws Exception {
        String organiser = Api.newOrganiser("OSDI helper");
        String slug = Api.openCampaign(organiser);
        String email = Api.uniqueEmail("osdi-helper");

        String answer = helper(slug, person("Ada King", "Lovelace", email, "subscribed"), null, Api.newClientAddress())
                .statusCode(200).contentType(HAL).extract().asString();
        assertEquals("{}", answer, "an unauthenticated post hears {} (OSDI), nothing about the signature");

        String token = Api.confirmationToken(Api.awaitMail(email, "Please confirm"));
        assertEquals("Ada King Lovelace", Db.value(dataSource, "SELECT name FROM signature WHERE email = ?", email));
        assertEquals("t", Db.value(dataSource, "SELECT consent_to_updates FROM signature WHERE email = ?", email));
        assertEquals("PENDING", Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", email));
        Background.settle();
        assertEquals(0, totalSignatures(slug), "a pending signature does not count");

        Api.confirmByLink(token).statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> totalSignatures(slug) == 1);

        // A supporter who does not say "subscribed" has not agreed to hear from the organiser.
        String quiet = Api.uniqueEmail("osdi-quiet");
        helper(slug, person("Quiet", null, quiet, null), null, Api.newClientAddress()).statusCode(200);
        Api.awaitMail(quiet, "Please confirm");
        assertEquals("f", Db.value(dataSource, "SELECT consent_to_updates FROM signature WHERE email = ?", quiet));
    }

    @Test
    void theOwnerHearsThePendingSignatureTheSameForARepeat() {
        String organiser = Api.newOrganiser("OSDI owner helper");
        String slug = Api.openCampaign(organiser);
        String email = Api.uniqueEmail("osdi-owned");
        Map<String, Object> body = person("Grace", "Hopper", email, "subscribed");
        body.put("comments", "Count me in");
        body.put("referrer_data", Map.of("source", "newsletter-12", "website", "example.org"));
        body.put("add_tags", List.of("volunteer"));
        String first = helper(slug, body, organiser, Api.newClientAddress()).statusCode(200).contentType(HAL)
                .body("origin_system", equalTo("Groundswell"))
                .body("'groundswell:status'", equalTo("pending"))
                .body("person.given_name", equalTo("Grace"))
                .body("person.family_name", equalTo("Hopper"))
                .body("person.email_addresses[0].address", equalTo(email))
                .body("person.email_addresses[0].primary", equalTo(true))
                .body("person.email_addresses[0].status", equalTo("subscribed"))
                .body("person.postal_addresses[0].postal_code", equalTo("SW1A 1AA"))
                .body("person.postal_addresses[0].country", equalTo("GB"))
                .body("_links.'osdi:petition'.href", endsWith("/api/osdi/v1/petitions/" + slug))
                .body("identifiers", nullValue())
                .extract().asString();
        Api.awaitMail(email, "Please confirm");
        String repeat = helper(slug, body, organiser, Api.newClientAddress()).statusCode(200).extract().asString();
        assertEquals(first, repeat, "a repeat answers exactly as the first signature did");
    }

    @Test
    void invalidPeopleAreProblemsNamedAsOsdiNamesTheFields() {
        String organiser = Api.newOrganiser("OSDI invalid");
        String slug = Api.openCampaign(organiser);
        Map<String, Object> noEmailNoCountry = new HashMap<>();
        noEmailNoCountry.put("person", Map.of("given_name", "Nobody"));
        helper(slug, noEmailNoCountry, null, Api.newClientAddress()).statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("person.email_addresses[0].address"))
                .body("errors.field", hasItem("person.postal_addresses[0].country"));

        Map<String, Object> badAddress = person("", " ", "not-an-address", "subscribed");
        helper(slug, badAddress, organiser, Api.newClientAddress()).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("person.given_name"))
                .body("errors.field", hasItem("person.email_addresses[0].address"));

        // The second address is the primary one: the error names it.
        Map<String, Object> secondPrimary = person("Ada", "Lovelace", Api.uniqueEmail("osdi-primary"), null);
        Map<String, Object> person = new HashMap<>((Map<String, Object>) secondPrimary.get("person"));
        person.put("postal_addresses", List.of(Map.of("country", "GB", "primary", false),
                Map.of("country", "US", "region", "Atlantis", "primary", true)));
        secondPrimary.put("person", person);
        helper(slug, secondPrimary, null, Api.newClientAddress()).statusCode(400)
                .body("errors.field", contains("person.postal_addresses[1].region"));

        helper(slug, null, null, Api.newClientAddress()).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("person.given_name"));
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id WHERE c.slug = ?", slug));
    }

    @Test
    void closedCampaignsConflictAndDraftsAreUnknown() {
        String organiser = Api.newOrganiser("OSDI closed");
        String slug = Api.openCampaign(organiser);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiser)
                .body(Map.of("status", "CLOSED")).patch("/api/campaigns/{slug}", slug).then().statusCode(200);
        helper(slug, person("Late", "Signer", Api.uniqueEmail("osdi-late"), null), null, Api.newClientAddress())
                .statusCode(409).contentType("application/problem+json");
        String draft = Api.unique("osdi-draft");
        Api.createCampaign(organiser, Api.campaign(draft, "DRAFT", List.of(Api.emailStep())));
        helper(draft, person("Early", "Signer", Api.uniqueEmail("osdi-early"), null), null, Api.newClientAddress())
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void signaturesShowThePersonOnlyWithConsentAndOnlyToTheOwner() {
        String organiser = Api.newOrganiser("OSDI signatures");
        String slug = Api.openCampaign(organiser);
        String consenting = Api.uniqueEmail("osdi-consenting");
        String quiet = Api.uniqueEmail("osdi-silent");
        Map<String, Object> consentingSignature = Api.signature("Katherine Coleman Johnson", consenting);
        consentingSignature.put("consentToUpdates", true);
        consentingSignature.put("country", "US");
        consentingSignature.put("region", "VA");
        consentingSignature.put("postalCode", "23666");
        Api.signAndConfirm(slug, consentingSignature);
        Api.signAndConfirm(slug, Api.signature("Silent Supporter", quiet));
        Api.signAndGetToken(slug, Api.signature("Unconfirmed", Api.uniqueEmail("osdi-unconfirmed")));

        String path = AEP + "/petitions/{id}/signatures";
        // total_records is the campaign's tally (as total_signatures), folded within about a second.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> given().header("Authorization", "Bearer " + organiser).get(path, slug).then().statusCode(200)
                        .extract().jsonPath().getLong("total_records") == 2);
        JsonPath page = given().header("Authorization", "Bearer " + organiser).get(path, slug).then().statusCode(200).contentType(HAL)
                .header("Cache-Control", "no-store")
                .body("total_records", equalTo(2)).body("page", equalTo(1)).body("per_page", equalTo(25))
                .body("total_pages", equalTo(1))
                .body("_links.self.href", endsWith("/api/osdi/v1/petitions/" + slug + "/signatures?page=1&per_page=25"))
                .extract().jsonPath();
        String body = page.prettify();
        long consentingId = Db.count(dataSource, "SELECT id FROM signature WHERE email = ?", consenting);
        page.setRootPath("_embedded.'osdi:signatures'[0]");
        assertEquals(List.of("groundswell:" + consentingId), page.getList("identifiers"));
        assertEquals("Groundswell", page.getString("origin_system"));
        Instant.parse(page.getString("created_date"));
        Instant.parse(page.getString("modified_date"));
        Instant.parse(page.getString("action_date"));
        assertEquals("Katherine Coleman", page.getString("person.given_name"));
        assertEquals("Johnson", page.getString("person.family_name"));
        assertEquals(consenting, page.getString("person.email_addresses[0].address"));
        assertEquals(true, page.getBoolean("person.email_addresses[0].primary"));
        assertEquals("23666", page.getString("person.postal_addresses[0].postal_code"));
        assertEquals("VA", page.getString("person.postal_addresses[0].region"));
        assertEquals("US", page.getString("person.postal_addresses[0].country"));
        assertTrue(page.getString("_links.'osdi:petition'.href").endsWith("/api/osdi/v1/petitions/" + slug));

        page.setRootPath("_embedded.'osdi:signatures'[1]");
        assertEquals(Map.of("postal_addresses", List.of(Map.of("country", "GB", "primary", true))), page.getMap("person"),
                "without consent: the country only (no region was given)");
        assertFalse(body.contains(quiet), "no address without consent");
        assertFalse(body.contains("Silent"), "no name without consent");
        assertFalse(body.contains("SW1A"), "no postal code without consent");
        assertFalse(body.contains("Unconfirmed"), "confirmed signatures only");

        // Paged: one a page.
        given().header("Authorization", "Bearer " + organiser).queryParam("per_page", 1).queryParam("page", 2)
                .get(path, "groundswell:" + slug).then().statusCode(200)
                .body("total_pages", equalTo(2))
                .body("_embedded.'osdi:signatures'", org.hamcrest.Matchers.hasSize(1))
                .body("_links.previous.href", endsWith("/signatures?page=1&per_page=1"))
                .body("_links", not(hasKey("next")));

        String other = Api.newOrganiser("OSDI other organiser");
        given().header("Authorization", "Bearer " + other).get(path, slug).then().statusCode(404)
                .contentType("application/problem+json");
        given().get(path, slug).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anotherOrganisersTokenOnTheHelperIsNotFound() {
        String owner = Api.newOrganiser("OSDI helper owner");
        String slug = Api.openCampaign(owner);
        String other = Api.newOrganiser("OSDI helper stranger");
        String email = Api.uniqueEmail("osdi-stranger");
        helper(slug, person("Ada", "Lovelace", email, null), other, Api.newClientAddress()).statusCode(404)
                .contentType("application/problem+json");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email));
    }

    private static long totalSignatures(String slug) {
        return given().get(AEP + "/petitions/{id}", slug).then().statusCode(200).extract().jsonPath().getLong("total_signatures");
    }

    /** An OSDI person in a helper body, from the GB with a postal code. */
    static Map<String, Object> person(String given, String family, String email, String status) {
        Map<String, Object> address = new HashMap<>();
        address.put("address", email);
        address.put("primary", true);
        if (status != null) {
            address.put("status", status);
        }
        Map<String, Object> person = new HashMap<>();
        person.put("given_name", given);
        if (family != null) {
            person.put("family_name", family);
        }
        person.put("email_addresses", List.of(address));
        person.put("postal_addresses", List.of(Map.of("postal_code", "SW1A 1AA", "country", "GB", "primary", true)));
        Map<String, Object> body = new HashMap<>();
        body.put("person", person);
        return body;
    }

    /** Posts to the record signature helper from a client address, with a bearer token or none. */
    static ValidatableResponse helper(String slug, Map<String, Object> body, String token, String clientAddress) {
        var request = given().contentType(ContentType.JSON).header("X-Forwarded-For", clientAddress);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.body(body);
        }
        return request.post(AEP + "/petitions/{id}/record_signature_helper", slug).then();
    }
}

package org.groundswell.osdi;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.groundswell.support.Api;
import org.groundswell.support.Background;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The OSDI API under partner API keys (the key contract: {@code POST /api/organisers/me/keys} → {@code {id, key}},
 * sent as {@code OSDI-API-Token}). Enabled when the keys are merged.
 */
@QuarkusTest
class OsdiWithKeysTest {

    private static final String AEP = "/api/osdi/v1";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theHelperWithAKeyAnswersThePendingSignatureAndMailsTheConfirmation() {
        String organiser = Api.newOrganiser("OSDI key helper");
        String slug = Api.openCampaign(organiser);
        JsonPath key = newKey(organiser, "Partner site", List.of(slug));
        String email = Api.uniqueEmail("osdi-keyed");
        given().contentType(ContentType.JSON).header("OSDI-API-Token", key.getString("key"))
                .header("X-Forwarded-For", Api.newClientAddress())
                .body(OsdiTest.person("Ada", "Lovelace", email, "subscribed"))
                .post(AEP + "/petitions/{id}/record_signature_helper", slug).then().statusCode(200)
                .contentType("application/hal+json")
                .body("'groundswell:status'", equalTo("pending"))
                .body("origin_system", notNullValue())
                .body("person.email_addresses[0].address", equalTo(email))
                .body("_links.'osdi:petition'.href", endsWith("/api/osdi/v1/petitions/" + slug));
        Api.awaitMail(email, "Please confirm");
        assertEquals(key.getString("id"), Db.value(dataSource, "SELECT api_key_id FROM signature WHERE email = ?", email));
        assertEquals("PENDING", Db.value(dataSource, "SELECT status FROM signature WHERE email = ?", email),
                "a key never makes a confirmed signature");

        // The key reads the confirmed signatures of its campaign, as the owner does.
        given().header("OSDI-API-Token", key.getString("key")).get(AEP + "/petitions/{id}/signatures", slug).then()
                .statusCode(200).body("total_records", equalTo(0));
    }

    @Test
    void fiftyPostsWithAKeyFromOneAddressAreAllMailedWithoutOneAreHeldBeyondTheAddressLimit() {
        String organiser = Api.newOrganiser("OSDI key budget");
        String keyed = Api.openCampaign(organiser);
        String anonymous = Api.openCampaign(organiser);
        String key = newKey(organiser, "Partner server", List.of(keyed)).getString("key");
        String partnerServer = Api.newClientAddress();
        String publicClient = Api.newClientAddress();
        List<String> keyedAddresses = new ArrayList<>();
        List<String> anonymousAddresses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String email = Api.uniqueEmail("osdi-bulk-key");
            keyedAddresses.add(email);
            given().contentType(ContentType.JSON).header("OSDI-API-Token", key).header("X-Forwarded-For", partnerServer)
                    .body(OsdiTest.person("Keyed", "Signer " + i, email, null))
                    .post(AEP + "/petitions/{id}/record_signature_helper", keyed).then().statusCode(200);
            String other = Api.uniqueEmail("osdi-bulk-anon");
            anonymousAddresses.add(other);
            OsdiTest.helper(anonymous, OsdiTest.person("Public", "Signer " + i, other, null), null, publicClient)
                    .statusCode(200).body(equalTo("{}"));
        }
        Background.settle();
        assertEquals(50, keyedAddresses.stream().filter(a -> !Api.mailsTo(a).isEmpty()).count(), "every keyed post mailed");
        assertEquals(50, Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id "
                + "WHERE c.slug = ? AND s.status = 'PENDING'", keyed));
        long mailed = anonymousAddresses.stream().filter(a -> !Api.mailsTo(a).isEmpty()).count();
        long held = Db.count(dataSource, "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id "
                + "WHERE c.slug = ? AND s.status = 'HELD'", anonymous);
        assertEquals(20, mailed, "the per-address burst (20 a minute) of one public client is mailed");
        assertEquals(30, held, "the rest are held for review");
    }

    @Test
    void aRevokedKeyIsUnauthorised() {
        String organiser = Api.newOrganiser("OSDI revoked key");
        String slug = Api.openCampaign(organiser);
        JsonPath key = newKey(organiser, "Soon revoked", List.of(slug));
        given().header("OSDI-API-Token", key.getString("key")).get(AEP + "/petitions/{id}/signatures", slug).then().statusCode(200);
        given().header("Authorization", "Bearer " + organiser).delete("/api/organisers/me/keys/{id}", key.getString("id"))
                .then().statusCode(204);
        given().header("OSDI-API-Token", key.getString("key")).get(AEP + "/petitions/{id}/signatures", slug).then()
                .statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("OSDI-API-Token", key.getString("key"))
                .body(OsdiTest.person("Ada", "Lovelace", Api.uniqueEmail("osdi-revoked"), null))
                .post(AEP + "/petitions/{id}/record_signature_helper", slug).then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aKeyForOneCampaignFindsNoOther() {
        String organiser = Api.newOrganiser("OSDI key scope");
        String a = Api.openCampaign(organiser);
        String b = Api.openCampaign(organiser);
        String key = newKey(organiser, "Only A", List.of(a)).getString("key");
        given().header("OSDI-API-Token", key).get(AEP + "/petitions/{id}/signatures", a).then().statusCode(200);
        given().header("OSDI-API-Token", key).get(AEP + "/petitions/{id}/signatures", b).then().statusCode(404)
                .contentType("application/problem+json");
        String email = Api.uniqueEmail("osdi-scope");
        given().contentType(ContentType.JSON).header("OSDI-API-Token", key)
                .body(OsdiTest.person("Ada", "Lovelace", email, null))
                .post(AEP + "/petitions/{id}/record_signature_helper", b).then().statusCode(404)
                .contentType("application/problem+json");
        assertEquals(0, Db.count(dataSource, "SELECT count(*) FROM signature WHERE email = ?", email));
        given().get(AEP + "/petitions/{id}", b).then().statusCode(200); // still public to read
    }

    private static JsonPath newKey(String organiserToken, String name, List<String> campaigns) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + organiserToken)
                .body(Map.of("name", name, "campaigns", campaigns))
                .post("/api/organisers/me/keys").then().statusCode(201).extract().jsonPath();
    }
}

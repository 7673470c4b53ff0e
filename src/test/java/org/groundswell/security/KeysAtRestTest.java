package org.groundswell.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the database (and so every backup) holds of the keys: no key in the clear, only copies wrapped under the master. */
@QuarkusTest
class KeysAtRestTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theDatabaseHoldsNoKeyInTheClearAndTheStoredHashesAreKeyedByTheWrappedKey() throws Exception {
        String slug = Api.openCampaign(Api.newOrganiser("Keys organiser"));
        String email = Api.uniqueEmail("keys").replace("@", "+tag@");
        Api.signAndConfirm(slug, Api.signature("Key Holder", email));

        assertNull(Db.value(dataSource, "SELECT to_regclass('service_secret')::text"), "V9 dropped the table of plain keys");
        MasterKeys.Master master = MasterKeys.ring(
                ConfigProvider.getConfig().getOptionalValue("groundswell.secret-key", String.class), Optional.empty()).current();
        assertEquals(3, Db.count(dataSource, "SELECT count(*) FROM wrapped_key WHERE key_id = ? AND name IN ('mailbox', 'client-address', 'api-key')",
                master.id()));
        assertEquals(3, Db.count(dataSource, "SELECT count(*) FROM wrapped_key"), "one copy each, under the one master");

        byte[] mailboxKey = KeyWrap.unwrap(master, "mailbox", Db.value(dataSource, "SELECT value FROM wrapped_key WHERE name = 'mailbox'"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(mailboxKey, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal(email.replace("+tag@", "@").getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, Db.value(dataSource, "SELECT mailbox_hash FROM signature WHERE email = ?", email));

        String organiser = Api.newOrganiser("Key maker");
        String apiKey = io.restassured.RestAssured.given().header("Authorization", "Bearer " + organiser)
                .contentType(io.restassured.http.ContentType.JSON).body(java.util.Map.of("name", "At rest"))
                .post("/api/organisers/me/keys").then().statusCode(201).extract().path("key");
        byte[] apiKeyKey = KeyWrap.unwrap(master, "api-key", Db.value(dataSource, "SELECT value FROM wrapped_key WHERE name = 'api-key'"));
        Mac keyMac = Mac.getInstance("HmacSHA256");
        keyMac.init(new SecretKeySpec(apiKeyKey, "HmacSHA256"));
        assertEquals(1, Db.count(dataSource, "SELECT count(*) FROM api_key WHERE key_hash = ?", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(keyMac.doFinal(apiKey.getBytes(StandardCharsets.UTF_8)))), "an API key is stored as its keyed hash only");

        String link = Api.unsubscribePath(Api.awaitMail(email, "Please confirm"));
        assertTrue(link.startsWith("/u/" + master.id() + "."), "links name the master that signed them: " + link);
    }
}

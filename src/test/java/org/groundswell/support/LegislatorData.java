package org.groundswell.support;

import io.restassured.http.ContentType;
import org.groundswell.congress.BundledLegislators;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** The congress-legislators snapshot the service bundles (src/main/resources/congress), as the tests import it. */
public final class LegislatorData {

    private static volatile byte[] original;

    private LegislatorData() {
    }

    public static byte[] originalBytes() {
        if (original == null) {
            try (InputStream in = BundledLegislators.open()) {
                original = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return original;
    }

    /** Imports the bundled file through the admin endpoint (idempotent) and answers the counts. */
    public static Map<String, Integer> importOriginal() {
        return importBytes(originalBytes());
    }

    public static Map<String, Integer> importBytes(byte[] yaml) {
        return given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).contentType("application/yaml").body(yaml)
                .post("/api/admin/legislators")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath().getMap("", String.class, Integer.class);
    }
}

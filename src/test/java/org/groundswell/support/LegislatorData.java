package org.groundswell.support;

import io.restassured.http.ContentType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * The small legislators file the project writes for dev mode and the tests (src/main/resources/dev/legislators.yaml,
 * the test profile's groundswell.congress.source), as the tests import it.
 */
public final class LegislatorData {

    public static final String RESOURCE = "dev/legislators.yaml";

    private static volatile byte[] original;

    private LegislatorData() {
    }

    public static byte[] originalBytes() {
        if (original == null) {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the class path");
                }
                original = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return original;
    }

    /** The same members, padded with YAML comments to {@code size} bytes: as large as the publisher's file, or larger. */
    public static byte[] paddedTo(int size) {
        StringBuilder yaml = new StringBuilder(new String(originalBytes(), StandardCharsets.UTF_8));
        String line = "# padding: the publisher's file holds every member with all their terms and ids\n";
        while (yaml.length() + line.length() <= size) {
            yaml.append(line);
        }
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Imports the file through the admin endpoint (idempotent) and answers the counts. */
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

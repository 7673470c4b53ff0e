package org.groundswell.support;

import io.restassured.http.ContentType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * The congress-legislators file the tests import. The project ships no copy: it is read from
 * ../shared/data (beside the checkout), /work/shared/data, or $GROUNDSWELL_LEGISLATORS_FILE.
 */
public final class LegislatorData {

    private static volatile byte[] original;

    private LegislatorData() {
    }

    public static Path file() {
        String override = System.getenv("GROUNDSWELL_LEGISLATORS_FILE");
        List<Path> candidates = override != null ? List.of(Path.of(override))
                : List.of(Path.of("../shared/data/legislators-current.yaml"), Path.of("/work/shared/data/legislators-current.yaml"));
        return candidates.stream().filter(Files::isReadable).findFirst().orElseThrow(() -> new IllegalStateException(
                "legislators-current.yaml (congress-legislators) is needed for the tests at " + candidates
                        + "; or set GROUNDSWELL_LEGISLATORS_FILE"));
    }

    public static byte[] originalBytes() {
        if (original == null) {
            try {
                original = Files.readAllBytes(file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return original;
    }

    /** Imports the real file through the admin endpoint (idempotent) and answers the counts. */
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

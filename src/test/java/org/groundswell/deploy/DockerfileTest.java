package org.groundswell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.groundswell.deploy.RenderedManifests.JSON;
import static org.groundswell.deploy.RenderedManifests.PROJECT;
import static org.groundswell.deploy.RenderedManifests.base;
import static org.groundswell.deploy.RenderedManifests.httpPort;
import static org.groundswell.deploy.RenderedManifests.operationsPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image (src/main/docker/Dockerfile.jvm) agrees with the Deployment: ports, non-root user, fast-jar layers. */
class DockerfileTest {

    @Test
    void dockerfileExposesThePortsAndRunsAsNonRoot() throws IOException {
        List<String[]> instructions = new ArrayList<>();
        String joined = Files.readString(PROJECT.resolve("src/main/docker/Dockerfile.jvm"))
                .replaceAll("\\\\\\r?\\n", " ");
        for (String line : joined.split("\\r?\\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                instructions.add(trimmed.split("\\s+", 2));
            }
        }
        List<String> exposed = values(instructions, "EXPOSE").stream().flatMap(v -> Stream.of(v.split("\\s+")))
                .map(p -> p.replace("/tcp", "")).toList();
        for (int port : List.of(httpPort(), operationsPort())) {
            assertTrue(exposed.contains(String.valueOf(port)), "EXPOSE " + port + " expected, found " + exposed);
        }

        List<String> users = values(instructions, "USER");
        assertFalse(users.isEmpty(), "no USER: the image would run as root");
        String user = users.get(users.size() - 1).split(":")[0];
        assertEquals("185", user, "the last USER must be the numeric non-root user 185 (runAsUser in k8s)");

        List<String> from = values(instructions, "FROM");
        assertEquals(List.of("${BASE_IMAGE}"), from, "the base image is a build argument");
        assertTrue(values(instructions, "ARG").stream().anyMatch(a -> a.matches("BASE_IMAGE=\\S+")),
                "BASE_IMAGE has a default");

        List<String> copies = values(instructions, "COPY");
        List<String> layers = List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                "target/quarkus-app/quarkus/");
        assertEquals(layers, copies.stream().map(c -> Stream.of(c.split("\\s+")).filter(t -> t.startsWith("target/"))
                .findFirst().orElse(c)).toList(), "fast-jar layers, least changed first");

        String entrypoint = values(instructions, "ENTRYPOINT").get(0);
        JsonNode command = JSON.readTree(entrypoint);
        assertEquals("java", command.get(0).asText(), "exec-form ENTRYPOINT running java from the PATH");
        assertTrue(command.toString().contains("-jar") && command.toString().contains("quarkus-run.jar"), entrypoint);
        assertTrue(values(instructions, "ENV").stream().anyMatch(e -> e.contains("MaxRAMPercentage")),
                "the heap follows the container's memory limit");

        assertEquals(httpPort(), base().appContainer().getPorts().get(0).getContainerPort(),
                "the image and the Deployment agree on the port");
    }

    private static List<String> values(List<String[]> instructions, String keyword) {
        return instructions.stream().filter(i -> i[0].equalsIgnoreCase(keyword)).map(i -> i.length > 1 ? i[1].strip() : "")
                .toList();
    }
}

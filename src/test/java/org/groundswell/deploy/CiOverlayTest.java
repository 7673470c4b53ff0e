package org.groundswell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import org.groundswell.deploy.RenderedManifests.Rendered;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.groundswell.deploy.RenderedManifests.base;
import static org.groundswell.deploy.RenderedManifests.overlay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ci overlay, which deploy/kube-play-check.sh runs with podman, is the base's Deployment as written: it changes
 * only the image, the ports (and publishes them on the machine), and the settings every overlay provides (database
 * and mail addresses, sender, public URL), so that what the check proves holds for the Deployment itself.
 */
class CiOverlayTest {

    /** ConfigMap keys the ci overlay may set or change. */
    private static final Set<String> CI_SETTINGS = Set.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_LOGIN", "QUARKUS_MAILER_START_TLS",
            "QUARKUS_MAILER_FROM", "GROUNDSWELL_PUBLIC_URL", "QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT");
    /** kustomize's hash suffix of generated ConfigMaps and Secrets. */
    private static final String HASH = "-[a-z0-9]{10}$";

    @Test
    void theDeploymentDiffersFromTheBaseOnlyInImageAndPorts() {
        JsonNode base = normalised(base().appDocument());
        JsonNode ci = normalised(overlay("overlays/ci").appDocument());
        assertEquals(base.toPrettyString(), ci.toPrettyString(),
                "k8s/overlays/ci may change only the image and the ports of the base's Deployment");
    }

    @Test
    void theServiceListensWhereTheContainerPortsSay() {
        Rendered ci = overlay("overlays/ci");
        Map<String, String> config = ci.appConfig();
        for (ContainerPort port : ci.appContainer().getPorts()) {
            String variable = switch (port.getName()) {
                case "http" -> "QUARKUS_HTTP_PORT";
                case "management" -> "QUARKUS_MANAGEMENT_PORT";
                default -> throw new AssertionError("unexpected port " + port.getName());
            };
            assertEquals(String.valueOf(port.getContainerPort()), config.get(variable), variable);
            assertEquals(port.getContainerPort(), port.getHostPort(), port.getName() + ": published on the same port");
        }
    }

    @Test
    void theSettingsDifferFromTheBaseOnlyInAddresses() {
        Map<String, String> base = base().appConfig();
        Map<String, String> ci = new TreeMap<>(overlay("overlays/ci").appConfig());
        for (Map.Entry<String, String> setting : ci.entrySet()) {
            if (!CI_SETTINGS.contains(setting.getKey())) {
                assertEquals(base.get(setting.getKey()), setting.getValue(),
                        "k8s/overlays/ci changes " + setting.getKey() + ", which is not an address or a port");
            }
        }
        assertTrue(ci.keySet().containsAll(base.keySet()), "k8s/overlays/ci drops settings of the base");
    }

    /** The Deployment without what ci may change: image, port numbers, and generated names' hash suffixes. */
    private static JsonNode normalised(JsonNode deployment) {
        ObjectNode copy = deployment.deepCopy();
        ObjectNode pod = (ObjectNode) copy.path("spec").path("template").path("spec");
        for (JsonNode container : pod.path("containers")) {
            ((ObjectNode) container).remove("image");
            for (JsonNode port : container.path("ports")) {
                ((ObjectNode) port).remove(Set.of("containerPort", "hostPort"));
            }
            for (JsonNode source : container.path("envFrom")) {
                unhash(source.path("configMapRef"));
                unhash(source.path("secretRef"));
            }
            for (JsonNode variable : container.path("env")) {
                unhash(variable.path("valueFrom").path("secretKeyRef"));
            }
        }
        return copy;
    }

    private static void unhash(JsonNode reference) {
        if (reference instanceof ObjectNode object && object.has("name")) {
            object.put("name", object.get("name").asText().replaceAll(HASH, ""));
        }
    }
}

package org.groundswell.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import org.groundswell.deploy.RenderedManifests.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.groundswell.deploy.RenderedManifests.base;
import static org.groundswell.deploy.RenderedManifests.overlay;
import static org.groundswell.deploy.RenderedManifests.parseStrictly;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every target renders, and every object it renders parses strictly into the Kubernetes model. */
class RenderingTest {

    @Test
    void strictParsingRejectsUnknownFields() {
        ObjectNode deployment = (ObjectNode) base().documents().stream()
                .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow().deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0))
                .putObject("readinesProbe").putObject("httpGet").put("path", "/q/health/ready");
        AssertionError error = assertThrows(AssertionError.class, () -> parseStrictly("test", deployment));
        assertTrue(error.getMessage().contains("readinesProbe"), error.getMessage());
    }

    @Test
    void baseHasNoSecret() {
        assertTrue(base().all(Secret.class).isEmpty(), "k8s/base must not carry a Secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void clusterOverlaysPutEveryObjectInTheirNamespaceAndPinTheImage(String target) {
        Rendered overlay = overlay(target);
        assertFalse(overlay.objects().isEmpty());
        for (HasMetadata object : overlay.objects()) {
            if (object instanceof Namespace) {
                continue;
            }
            assertNotNull(object.getMetadata().getNamespace(), target + ": " + object.getKind() + " "
                    + object.getMetadata().getName() + " has no namespace");
        }
        String image = overlay.appContainer().getImage();
        assertTrue(image.contains("/") && image.contains(":") && !image.endsWith(":latest"),
                target + ": the image must be a pinned registry image, not " + image);
    }

    @Test
    void ciOverlayRenders() {
        assertFalse(overlay("overlays/ci").objects().isEmpty());
    }
}

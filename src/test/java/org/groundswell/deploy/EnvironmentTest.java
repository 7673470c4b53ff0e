package org.groundswell.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import org.groundswell.deploy.RenderedManifests.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.groundswell.deploy.RenderedManifests.K8S;
import static org.groundswell.deploy.RenderedManifests.OUT_OF_BAND_SECRETS;
import static org.groundswell.deploy.RenderedManifests.allContainers;
import static org.groundswell.deploy.RenderedManifests.base;
import static org.groundswell.deploy.RenderedManifests.httpPort;
import static org.groundswell.deploy.RenderedManifests.overlay;
import static org.groundswell.deploy.RenderedManifests.readableEnvNames;
import static org.groundswell.deploy.RenderedManifests.secretKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment the pod gets: only variables the service reads, everything production needs, secrets that exist. */
class EnvironmentTest {

    /** The service refuses to start outside dev and test with a shorter admin token. */
    static final int MINIMUM_ADMIN_TOKEN_LENGTH = 32;
    /** ... and without a master secret of at least 32 bytes (org.groundswell.security.MasterKeys). */
    static final int MINIMUM_SECRET_KEY_BYTES = org.groundswell.security.MasterKeys.MINIMUM_BYTES;

    @Test
    void envNamesAreDerivedFromTheApplication() throws IOException {
        Set<String> names = readableEnvNames();
        assertTrue(names.containsAll(Set.of("GROUNDSWELL_ADMIN_TOKEN", "GROUNDSWELL_PUBLIC_URL", "GROUNDSWELL_SECRET_KEY",
                "GROUNDSWELL_SECRET_KEY_PREVIOUS",
                "GROUNDSWELL_OUTBOX_MAX_ATTEMPTS", "GROUNDSWELL_DEMO_LOAD_ON_START", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_MAILER_START_TLS", "QUARKUS_MAILER_USERNAME")), names.toString());
        assertFalse(names.contains("GROUNDSWELL_TEST_DB"), "a test setting is no application setting");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "overlays/ci"})
    void everyEnvironmentVariableIsOneTheServiceReads(String target) throws IOException {
        Rendered overlay = overlay(target);
        Set<String> readable = readableEnvNames();
        Map<String, String> env = new LinkedHashMap<>();
        Container container = overlay.appContainer();
        for (EnvFromSource source : container.getEnvFrom()) {
            assertTrue(source.getPrefix() == null || source.getPrefix().isEmpty(), "no envFrom prefixes");
            if (source.getConfigMapRef() != null) {
                ConfigMap configMap = overlay.get(ConfigMap.class, source.getConfigMapRef().getName());
                configMap.getData().forEach((key, value) -> env.put(key, "ConfigMap " + configMap.getMetadata().getName()));
            }
            if (source.getSecretRef() != null) {
                Optional<Secret> secret = overlay.find(Secret.class, source.getSecretRef().getName());
                secret.ifPresent(s -> secretKeys(s).forEach(key -> env.put(key, "Secret " + s.getMetadata().getName())));
            }
        }
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), "env");
        }
        Set<String> unknown = env.keySet().stream().filter(name -> !readable.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(unknown.isEmpty(), target + ": environment variables the service does not read: " + unknown
                + " (from " + env + "); known: " + readable);

        // What production needs is all there: no default points anywhere useful outside a laptop.
        for (String required : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_FROM",
                "GROUNDSWELL_ADMIN_TOKEN", "GROUNDSWELL_SECRET_KEY", "GROUNDSWELL_PUBLIC_URL")) {
            assertTrue(env.containsKey(required), target + ": " + required + " is not set");
        }
        if (!target.equals("overlays/ci")) {
            assertFalse(env.containsKey("QUARKUS_HTTP_PORT"), "the probes expect the default port " + httpPort());
            assertFalse(env.containsKey("QUARKUS_MANAGEMENT_PORT"), "the probes expect the default management port");
        }
    }

    @Test
    void clientAddressesAreTakenFromForwardedHeadersOfTheIngressOnly() throws IOException {
        Map<String, String> config = base().appConfig();
        assertEquals("true", config.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"));
        assertEquals("true", config.get("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED"));
        String trusted = config.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
        assertTrue(trusted != null && !trusted.isBlank() && !trusted.contains("0.0.0.0/0"),
                "X-Forwarded-For is believed only from the ingress controller's addresses, not from " + trusted);
        assertTrue(Files.readAllLines(K8S.resolve("base/kustomization.yaml")).stream()
                        .anyMatch(line -> line.contains("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=") && line.contains("CHANGE")),
                "the trusted proxies are a placeholder the operator must change, marked CHANGE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "overlays/ci"})
    void referencedSecretsAndKeysExist(String target) {
        Rendered overlay = overlay(target);
        Set<String> generatedElsewhere = new LinkedHashSet<>(OUT_OF_BAND_SECRETS);
        overlay.custom("Cluster").forEach(cluster -> {
            generatedElsewhere.add(cluster.getMetadata().getName() + "-app");
            generatedElsewhere.add(cluster.getMetadata().getName() + "-ca");
        });
        for (Container container : allContainers(overlay)) {
            for (EnvVar variable : container.getEnv()) {
                if (variable.getValueFrom() == null) {
                    continue;
                }
                SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
                if (ref == null) {
                    continue;
                }
                Optional<Secret> secret = overlay.find(Secret.class, ref.getName());
                if (secret.isPresent()) {
                    assertTrue(Boolean.TRUE.equals(ref.getOptional()) || secretKeys(secret.get()).contains(ref.getKey()),
                            target + ": Secret " + ref.getName() + " has no key " + ref.getKey());
                } else {
                    assertTrue(generatedElsewhere.contains(ref.getName()),
                            target + ": " + variable.getName() + " refers to Secret " + ref.getName()
                                    + ", which is neither rendered nor one created out of band " + generatedElsewhere);
                }
            }
            for (EnvFromSource source : container.getEnvFrom()) {
                if (source.getConfigMapRef() != null) {
                    overlay.get(ConfigMap.class, source.getConfigMapRef().getName());
                }
            }
        }
        overlay.app().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .forEach(v -> assertTrue(overlay.find(Secret.class, v.getSecret().getSecretName()).isPresent()
                                || generatedElsewhere.contains(v.getSecret().getSecretName()),
                        target + ": volume " + v.getName() + " mounts Secret " + v.getSecret().getSecretName()
                                + ", which is neither rendered nor created elsewhere"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/ci"})
    void renderedAdminTokensAreLongEnough(String target) {
        Rendered overlay = overlay(target);
        String secretName = RenderedManifests.secretRef(overlay.appContainer(), "GROUNDSWELL_ADMIN_TOKEN");
        Secret secret = overlay.get(Secret.class, secretName);
        String key = overlay.appContainer().getEnv().stream().filter(e -> e.getName().equals("GROUNDSWELL_ADMIN_TOKEN"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getKey();
        String token = new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        assertTrue(token.length() >= MINIMUM_ADMIN_TOKEN_LENGTH, target + ": the admin token has " + token.length()
                + " characters; the service refuses fewer than " + MINIMUM_ADMIN_TOKEN_LENGTH);
    }

    /**
     * The master secret comes from the Secret (never a ConfigMap: it would be in every rendered manifest), the
     * previous one only while a rotation sets it; the rendered throw-away ones have the 32 bytes the service requires.
     */
    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "overlays/ci"})
    void theMasterSecretComesFromTheSecretAndIsLongEnough(String target) {
        Rendered overlay = overlay(target);
        assertFalse(overlay.appConfig().keySet().stream().anyMatch(k -> k.startsWith("GROUNDSWELL_SECRET_KEY")),
                target + ": the master secret is not in the ConfigMap");
        SecretKeySelector current = secretKeyRef(overlay, "GROUNDSWELL_SECRET_KEY");
        String secrets = RenderedManifests.secretRef(overlay.appContainer(), "GROUNDSWELL_ADMIN_TOKEN");
        assertEquals(secrets, current.getName(), "the Secret of the admin token");
        assertFalse(Boolean.TRUE.equals(current.getOptional()), target + ": no pod starts without the master secret");
        SecretKeySelector previous = secretKeyRef(overlay, "GROUNDSWELL_SECRET_KEY_PREVIOUS");
        assertEquals(secrets, previous.getName());
        assertEquals(Boolean.TRUE, previous.getOptional(), target + ": the previous master is set during a rotation only");
        overlay.find(Secret.class, current.getName()).ifPresent(secret -> {
            byte[] master = Base64.getDecoder().decode(new String(Base64.getMimeDecoder().decode(secret.getData().get(current.getKey())),
                    StandardCharsets.UTF_8));
            assertTrue(master.length >= MINIMUM_SECRET_KEY_BYTES, target + ": the master secret has " + master.length
                    + " bytes; the service refuses fewer than " + MINIMUM_SECRET_KEY_BYTES);
        });
        if (!target.equals("overlays/prod")) {
            assertTrue(overlay.find(Secret.class, current.getName()).isPresent(), target + " renders its throw-away Secret");
        }
    }

    private static SecretKeySelector secretKeyRef(Rendered overlay, String variable) {
        EnvVar env = overlay.appContainer().getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay.target() + ": " + variable + " is not set"));
        assertTrue(env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null,
                overlay.target() + ": " + variable + " comes from a Secret");
        return env.getValueFrom().getSecretKeyRef();
    }
}

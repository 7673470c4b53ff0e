package org.groundswell.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.groundswell.deploy.RenderedManifests.Rendered;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.groundswell.deploy.RenderedManifests.assertServiceListens;
import static org.groundswell.deploy.RenderedManifests.overlay;
import static org.groundswell.deploy.RenderedManifests.secretRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database each overlay brings: dev's own PostgreSQL; prod's CloudNativePG cluster, over verified TLS, backed up. */
class DatabaseTest {

    @Test
    void devOverlayRunsItsOwnDatabaseAndMailCatcher() {
        Rendered dev = overlay("overlays/dev");
        StatefulSet postgres = dev.get(StatefulSet.class, "postgres");
        assertEquals(1, postgres.getSpec().getReplicas());
        assertEquals(1, postgres.getSpec().getVolumeClaimTemplates().size(), "PostgreSQL keeps its data on a claim");
        Deployment mailpit = dev.get(Deployment.class, "mailpit");
        assertTrue(mailpit.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().contains("mailpit"));

        Map<String, String> config = dev.appConfig();
        URI database = URI.create(config.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
        assertServiceListens(dev, database.getHost(), database.getPort());
        assertServiceListens(dev, config.get("QUARKUS_MAILER_HOST"), Integer.parseInt(config.get("QUARKUS_MAILER_PORT")));
        assertTrue(dev.get(Service.class, "mailpit").getSpec().getPorts().stream().anyMatch(p -> p.getPort() == 8025),
                "Mailpit's web UI");
        // PostgreSQL's container and the service share the password.
        String serviceSecret = secretRef(dev.appContainer(), "QUARKUS_DATASOURCE_PASSWORD");
        assertEquals(serviceSecret, secretRef(postgres.getSpec().getTemplate().getSpec().getContainers().get(0), "POSTGRES_PASSWORD"));
    }

    @Test
    void prodOverlayUsesCloudNativePg() {
        Rendered prod = overlay("overlays/prod");
        assertTrue(prod.all(Secret.class).isEmpty(), "production Secrets are created out of band, never rendered");
        GenericKubernetesResource cluster = cluster(prod);
        assertEquals("postgresql.cnpg.io/v1", cluster.getApiVersion());
        assertEquals(3, ((Number) cluster.get("spec", "instances")).intValue());
        assertNotNull(cluster.get("spec", "storage", "size"), "the cluster's storage size");
        String clusterName = cluster.getMetadata().getName();

        Container container = prod.appContainer();
        assertEquals(clusterName + "-app", secretRef(container, "QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(clusterName + "-app", secretRef(container, "QUARKUS_DATASOURCE_PASSWORD"));
        for (String smtp : List.of("QUARKUS_MAILER_USERNAME", "QUARKUS_MAILER_PASSWORD")) {
            EnvVar variable = container.getEnv().stream().filter(e -> e.getName().equals(smtp)).findFirst().orElseThrow();
            assertFalse(Boolean.TRUE.equals(variable.getValueFrom().getSecretKeyRef().getOptional()),
                    "production mail needs its login: " + smtp);
        }
    }

    @Test
    void prodTalksToThePrimaryOverTlsVerifiedAgainstTheClusterCa() {
        Rendered prod = overlay("overlays/prod");
        String clusterName = cluster(prod).getMetadata().getName();
        String url = prod.appConfig().get("QUARKUS_DATASOURCE_JDBC_URL");
        URI uri = URI.create(url.substring("jdbc:".length()));
        assertEquals(clusterName + "-rw", uri.getHost(),
                "the primary's read-write Service, a name the cluster's server certificate carries");
        Map<String, String> parameters = Arrays.stream(uri.getQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
        assertEquals("verify-full", parameters.get("sslmode"), "TLS with the certificate and the host name verified: " + url);
        String rootCert = parameters.get("sslrootcert");
        assertNotNull(rootCert, "sslrootcert: the CA to verify against (" + url + ")");

        // The CA file is CloudNativePG's <cluster>-ca Secret, key ca.crt, mounted where sslrootcert looks.
        Container container = prod.appContainer();
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> rootCert.startsWith(m.getMountPath().replaceAll("/$", "") + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted where sslrootcert " + rootCert + " points"));
        assertEquals(Boolean.TRUE, mount.getReadOnly());
        Volume volume = prod.app().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getSecret(), "the CA comes from a Secret");
        assertEquals(clusterName + "-ca", volume.getSecret().getSecretName(), "CloudNativePG's server CA Secret");
        String file = rootCert.substring(mount.getMountPath().replaceAll("/$", "").length() + 1);
        assertTrue(volume.getSecret().getItems().stream().anyMatch(i -> i.getKey().equals("ca.crt") && i.getPath().equals(file)),
                "the Secret's ca.crt is mounted as " + rootCert);
    }

    @Test
    void prodBacksUpWalAndBaseBackupsToAnObjectStore() {
        Rendered prod = overlay("overlays/prod");
        GenericKubernetesResource cluster = cluster(prod);
        String clusterName = cluster.getMetadata().getName();

        // WAL archiving through the Barman Cloud plugin, to a declared ObjectStore.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> plugins = (List<Map<String, Object>>) cluster.get("spec", "plugins");
        assertNotNull(plugins, "the cluster uses the Barman Cloud plugin");
        Map<String, Object> barman = plugins.stream().filter(p -> "barman-cloud.cloudnative-pg.io".equals(p.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no barman-cloud.cloudnative-pg.io plugin"));
        assertEquals(Boolean.TRUE, barman.get("isWALArchiver"), "the plugin archives the WAL");
        @SuppressWarnings("unchecked")
        String storeName = String.valueOf(((Map<String, Object>) barman.get("parameters")).get("barmanObjectName"));
        GenericKubernetesResource store = prod.custom("ObjectStore").stream()
                .filter(s -> s.getMetadata().getName().equals(storeName)).findFirst()
                .orElseThrow(() -> new AssertionError("the ObjectStore " + storeName + " is not rendered"));
        assertEquals("barmancloud.cnpg.io/v1", store.getApiVersion());
        String destination = String.valueOf((Object) store.get("spec", "configuration", "destinationPath"));
        assertTrue(destination.matches("(s3|gs|https?)://.+"), "an object store address: " + destination);
        assertNotNull(store.get("spec", "retentionPolicy"), "old backups are removed");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> credentials = (Map<String, Map<String, Object>>) store.get("spec", "configuration", "s3Credentials");
        assertNotNull(credentials, "object store credentials");
        for (Map<String, Object> reference : credentials.values()) {
            assertTrue(reference.get("name") != null && reference.get("key") != null, "credentials from a Secret: " + reference);
            assertTrue(prod.all(Secret.class).isEmpty(), "the credentials Secret is created out of band");
        }

        // A scheduled base backup of this cluster through the same plugin.
        List<GenericKubernetesResource> schedules = prod.custom("ScheduledBackup");
        assertEquals(1, schedules.size(), "one ScheduledBackup");
        GenericKubernetesResource schedule = schedules.get(0);
        assertEquals(clusterName, String.valueOf((Object) schedule.get("spec", "cluster", "name")));
        assertEquals("plugin", String.valueOf((Object) schedule.get("spec", "method")));
        assertEquals("barman-cloud.cloudnative-pg.io", String.valueOf((Object) schedule.get("spec", "pluginConfiguration", "name")));
        String cron = String.valueOf((Object) schedule.get("spec", "schedule"));
        assertEquals(6, cron.trim().split("\\s+").length, "CloudNativePG schedules have six fields (seconds first): " + cron);
    }

    private static GenericKubernetesResource cluster(Rendered prod) {
        List<GenericKubernetesResource> clusters = prod.custom("Cluster");
        assertEquals(1, clusters.size());
        return clusters.get(0);
    }
}

package org.groundswell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.groundswell.deploy.RenderedManifests.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.groundswell.deploy.RenderedManifests.APP;
import static org.groundswell.deploy.RenderedManifests.base;
import static org.groundswell.deploy.RenderedManifests.containerPort;
import static org.groundswell.deploy.RenderedManifests.healthPath;
import static org.groundswell.deploy.RenderedManifests.httpPort;
import static org.groundswell.deploy.RenderedManifests.managementEnabled;
import static org.groundswell.deploy.RenderedManifests.operationsPort;
import static org.groundswell.deploy.RenderedManifests.overlay;
import static org.groundswell.deploy.RenderedManifests.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Groundswell Deployment's pod, in the base and in every overlay: probes on the management port, replicas left
 * to the autoscaler, rollouts and stops that lose no request, locked down, resources, spread over nodes, settings
 * from a ConfigMap and secrets from Secrets.
 */
class DeploymentTest {

    @Test
    void basePod() {
        checkApplicationPod(base());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "overlays/ci"})
    void overlays(String target) {
        checkApplicationPod(overlay(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/ci"})
    void theAutoscalerOwnsTheReplicaCount(String target) {
        Rendered rendered = target.equals("base") ? base() : overlay(target);
        for (HorizontalPodAutoscaler autoscaler : rendered.all(HorizontalPodAutoscaler.class)) {
            var ref = autoscaler.getSpec().getScaleTargetRef();
            assertEquals("Deployment", ref.getKind());
            JsonNode deployment = rendered.documents().stream()
                    .filter(d -> d.path("kind").asText().equals("Deployment")
                            && d.path("metadata").path("name").asText().equals(ref.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(target + ": the autoscaler scales "
                            + ref.getName() + ", which is not rendered"));
            assertTrue(deployment.path("spec").path("replicas").isMissingNode(), target + ": Deployment "
                    + ref.getName() + " sets replicas, but HorizontalPodAutoscaler " + autoscaler.getMetadata().getName()
                    + " owns the count: every apply would reset it");
        }
        assertFalse(rendered.all(HorizontalPodAutoscaler.class).isEmpty(), target + ": no HorizontalPodAutoscaler");
    }

    @Test
    void healthIsServedOnTheManagementInterface() {
        assertTrue(managementEnabled(), "quarkus.management.enabled: health and metrics on their own port, "
                + "which the Ingress never routes");
        assertEquals(9000, operationsPort());
    }

    static void checkApplicationPod(Rendered rendered) {
        String target = rendered.target();
        Deployment app = rendered.app();
        PodSpec pod = app.getSpec().getTemplate().getSpec();
        Container container = rendered.appContainer();

        ContainerPort http = namedPort(target, container, "http");
        ContainerPort management = namedPort(target, container, "management");
        if (!target.equals("overlays/ci")) {
            assertEquals(httpPort(), http.getContainerPort(), target + ": the service listens on " + httpPort());
            assertEquals(operationsPort(), management.getContainerPort(), target + ": management interface port");
            assertNull(http.getHostPort(), target + ": no hostPort");
        }

        assertProbe(target, "startupProbe", container.getStartupProbe(), healthPath("startup", "started"), container);
        assertProbe(target, "readinessProbe", container.getReadinessProbe(), healthPath("readiness", "ready"), container);
        assertProbe(target, "livenessProbe", container.getLivenessProbe(), healthPath("liveness", "live"), container);

        // Rolling updates and stops lose no request.
        var rolling = app.getSpec().getStrategy().getRollingUpdate();
        assertEquals("RollingUpdate", app.getSpec().getStrategy().getType());
        assertEquals(new IntOrString(0), rolling.getMaxUnavailable(), target + ": maxUnavailable 0");
        assertEquals(new IntOrString(1), rolling.getMaxSurge(), target + ": maxSurge 1");
        assertEquals("true", property("quarkus.shutdown.delay-enabled", "false"),
                "quarkus.shutdown.delay-enabled: readiness goes DOWN before the server stops");
        long preStop = preStopSleepSeconds(container);
        long delay = Duration.parse("PT" + property("quarkus.shutdown.delay", "0S")).toSeconds();
        long timeout = Duration.parse("PT" + property("quarkus.shutdown.timeout", "0S")).toSeconds();
        assertTrue(preStop >= 1 && delay >= 1 && timeout >= 1, "preStop " + preStop + ", delay " + delay + ", timeout " + timeout);
        assertTrue(pod.getTerminationGracePeriodSeconds() > preStop + delay + timeout, target
                + ": terminationGracePeriodSeconds " + pod.getTerminationGracePeriodSeconds() + " must exceed preStop "
                + preStop + " s + shutdown delay " + delay + " s + shutdown timeout " + timeout + " s");

        // Locked down.
        PodSecurityContext podSecurity = pod.getSecurityContext();
        SecurityContext security = container.getSecurityContext();
        assertTrue(Boolean.TRUE.equals(security.getRunAsNonRoot()) || Boolean.TRUE.equals(podSecurity.getRunAsNonRoot()));
        assertEquals(185L, Optional.ofNullable(security.getRunAsUser()).orElse(podSecurity.getRunAsUser()));
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        String seccomp = security.getSeccompProfile() != null ? security.getSeccompProfile().getType()
                : podSecurity.getSeccompProfile().getType();
        assertEquals("RuntimeDefault", seccomp);
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), target + ": no API token in the pod");
        assertNotTrue(pod.getHostNetwork(), target + ": hostNetwork");
        String tmpVolume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                .findFirst().orElseThrow(() -> new AssertionError(target + ": nothing writable at /tmp")).getName();
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow();
        assertNotNull(volume.getEmptyDir(), target + ": /tmp is an emptyDir");

        // Resources: the heap is 75 % of the memory limit; requests within the limits.
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = container.getResources().getRequests().get(resource);
            Quantity limit = container.getResources().getLimits().get(resource);
            assertNotNull(request, target + ": " + resource + " request");
            assertNotNull(limit, target + ": " + resource + " limit");
            assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0, resource + " request <= limit");
        }
        BigDecimal memoryLimit = container.getResources().getLimits().get("memory").getNumericalAmount();
        assertTrue(memoryLimit.compareTo(new BigDecimal(512L << 20)) >= 0,
                target + ": a memory limit below 512 MiB leaves the JVM a heap too small for the service");

        // Replicas on different nodes.
        List<TopologySpreadConstraint> spread = pod.getTopologySpreadConstraints();
        TopologySpreadConstraint byNode = spread.stream().filter(c -> c.getTopologyKey().equals("kubernetes.io/hostname"))
                .findFirst().orElseThrow(() -> new AssertionError(target + ": no spread over nodes"));
        assertEquals("DoNotSchedule", byNode.getWhenUnsatisfiable(), target + ": two replicas never share a node "
                + "while another node can take one");
        assertEquals(1, byNode.getMaxSkew());
        assertEquals("Honor", byNode.getNodeTaintsPolicy(), target + ": nodes the pods cannot run on do not count");
        for (TopologySpreadConstraint constraint : spread) {
            assertTrue(RenderedManifests.selects(constraint.getLabelSelector(), rendered.podLabels()),
                    target + ": the spread constraint " + constraint.getTopologyKey() + " counts the app's own pods");
        }

        // Settings come from a ConfigMap (envFrom) and secret values from a Secret, never inline.
        assertTrue(container.getEnvFrom().stream().anyMatch(s -> s.getConfigMapRef() != null), "envFrom a ConfigMap");
        for (EnvVar variable : container.getEnv()) {
            assertTrue(variable.getValue() == null && variable.getValueFrom() != null
                            && variable.getValueFrom().getSecretKeyRef() != null,
                    target + ": " + variable.getName() + " must come from a Secret; plain settings belong in the ConfigMap");
        }
        assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(),
                "no Service environment variables (GROUNDSWELL_PORT=tcp://...) beside the application's own");
        assertEquals(APP, container.getName());
    }

    private static ContainerPort namedPort(String target, Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(target + ": no container port named " + name));
    }

    private static void assertProbe(String target, String name, Probe probe, String path, Container container) {
        assertNotNull(probe, target + ": " + name);
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, target + ": " + name + " is an HTTP GET");
        assertEquals(path, get.getPath(), target + ": " + name + " path");
        assertEquals(new IntOrString("management"), get.getPort(),
                target + ": " + name + " uses the named port management (health is not served on the public port)");
        assertEquals(namedPort(target, container, "management").getContainerPort(),
                containerPort(container, get.getPort()), target + ": " + name + " port");
    }

    private static long preStopSleepSeconds(Container container) {
        assertNotNull(container.getLifecycle(), "a preStop hook");
        List<String> command = container.getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", command.get(0), "preStop sleeps so the endpoints controller removes the pod first");
        return Long.parseLong(command.get(1));
    }

    private static void assertNotTrue(Boolean value, String message) {
        assertFalse(Boolean.TRUE.equals(value), message);
    }
}

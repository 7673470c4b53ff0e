package org.groundswell.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.groundswell.deploy.RenderedManifests.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.groundswell.deploy.RenderedManifests.APP;
import static org.groundswell.deploy.RenderedManifests.PROJECT;
import static org.groundswell.deploy.RenderedManifests.base;
import static org.groundswell.deploy.RenderedManifests.containerPort;
import static org.groundswell.deploy.RenderedManifests.httpPort;
import static org.groundswell.deploy.RenderedManifests.operationsPort;
import static org.groundswell.deploy.RenderedManifests.overlay;
import static org.groundswell.deploy.RenderedManifests.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Service, Ingress, PodDisruptionBudget and HorizontalPodAutoscaler around the Deployment. */
class ServingTest {

    /** The Ingress of the links in mails, whose paths carry tokens. */
    static final String LINKS = "groundswell-links";
    static final List<String> TOKEN_PATHS = List.of("/confirm", "/u", "/remove");

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void serviceIngressDisruptionBudgetAndAutoscalerFitTheDeployment(String target) {
        Rendered overlay = overlay(target);
        Deployment app = overlay.app();
        Map<String, String> podLabels = overlay.podLabels();

        Service service = overlay.get(Service.class, APP);
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), "Service selects the pods");
        ServicePort http = servicePort(service, "http");
        assertEquals(httpPort(), containerPort(overlay.appContainer(), http.getTargetPort()), "Service targets the HTTP port");
        ServicePort management = servicePort(service, "management");
        assertEquals(operationsPort(), containerPort(overlay.appContainer(), management.getTargetPort()),
                "Service port management targets the management interface");

        List<Ingress> ingresses = overlay.all(Ingress.class);
        assertEquals(Set.of(APP, LINKS), ingresses.stream().map(i -> i.getMetadata().getName()).collect(Collectors.toSet()));
        String publicUrl = overlay.appConfig().get("GROUNDSWELL_PUBLIC_URL");
        for (Ingress ingress : ingresses) {
            String name = ingress.getMetadata().getName();
            for (IngressRule rule : ingress.getSpec().getRules()) {
                assertNotNull(rule.getHost(), "Ingress rules name their host");
                assertFalse(rule.getHost().endsWith(".invalid"), target + ": the base's placeholder host is left in " + name);
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    assertEquals(APP, backend.getName());
                    ServicePort port = service.getSpec().getPorts().stream()
                            .filter(p -> Objects.equals(p.getName(), backend.getPort().getName())
                                    || Objects.equals(p.getPort(), backend.getPort().getNumber()))
                            .findFirst().orElseThrow(() -> new AssertionError("Ingress backend port does not exist"));
                    assertEquals("http", port.getName(), "the Ingress never routes to the management port");
                    assertFalse(path.getPath().startsWith("/q"), "health, metrics and OpenAPI stay inside the cluster");
                }
            }
            assertTrue(ingress.getSpec().getRules().stream().anyMatch(r -> r.getHost().equals(URI.create(publicUrl).getHost())),
                    target + ": GROUNDSWELL_PUBLIC_URL " + publicUrl + " is not a host of the Ingress " + name);
        }
        Ingress links = overlay.get(Ingress.class, LINKS);
        assertEquals(overlay.get(Ingress.class, APP).getSpec().getTls(), links.getSpec().getTls(),
                target + ": the links in mails are served with the same certificate as the pages");

        HorizontalPodAutoscaler autoscaler = overlay.get(HorizontalPodAutoscaler.class, APP);
        assertEquals("Deployment", autoscaler.getSpec().getScaleTargetRef().getKind());
        assertEquals(APP, autoscaler.getSpec().getScaleTargetRef().getName());
        assertTrue(autoscaler.getSpec().getMinReplicas() >= 2, "at least two replicas");
        MetricSpec metric = autoscaler.getSpec().getMetrics().get(0);
        assertEquals("cpu", metric.getResource().getName());
        assertNotNull(overlay.appContainer().getResources().getRequests().get("cpu"), "CPU utilisation needs a CPU request");

        PodDisruptionBudget budget = overlay.get(PodDisruptionBudget.class, APP);
        assertEquals(new IntOrString(1), budget.getSpec().getMinAvailable());
        assertTrue(podLabels.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(autoscaler.getSpec().getMinReplicas() > budget.getSpec().getMinAvailable().getIntVal(),
                "the budget leaves room for one disruption");
        assertEquals(APP, app.getMetadata().getName());

        // Every replica holds a connection pool; the database must accept them all.
        int poolSize = Integer.parseInt(property("quarkus.datasource.jdbc.max-size", "20"));
        for (GenericKubernetesResource cluster : overlay.custom("Cluster")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) cluster.get("spec", "postgresql"))
                    .get("parameters");
            int maxConnections = Integer.parseInt(String.valueOf(parameters.getOrDefault("max_connections", "100")));
            assertTrue(autoscaler.getSpec().getMaxReplicas() * poolSize < maxConnections,
                    autoscaler.getSpec().getMaxReplicas() + " replicas x " + poolSize + " connections exceed max_connections "
                            + maxConnections);
        }
    }

    private static ServicePort servicePort(Service service, String name) {
        return service.getSpec().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("Service has no port named " + name));
    }

    @Test
    void ingressRoutesEveryPublicPathTheServiceServes() throws IOException {
        List<HTTPIngressPath> routes = base().all(Ingress.class).stream()
                .flatMap(ingress -> ingress.getSpec().getRules().get(0).getHttp().getPaths().stream()).toList();
        Set<String> served = servedPaths();
        assertTrue(served.contains("/api/campaigns"), "the JAX-RS resources were found: " + served);
        Set<String> unrouted = served.stream().filter(path -> routes.stream().noneMatch(route -> routes(route, path)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(unrouted.isEmpty(), "paths the service serves that the Ingress does not route: " + unrouted);
    }

    /**
     * The paths of the links in mails carry tokens: only the Ingress whose access log is off routes them, so that the
     * ingress controller never logs a token; and the service's own access log, if turned on, skips them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void pathsWithTokensAreRoutedOnlyWhereTheAccessLogIsOff(String target) {
        Rendered rendered = target.equals("base") ? base() : overlay(target);
        Ingress links = rendered.get(Ingress.class, LINKS);
        assertEquals("false", links.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/enable-access-log"),
                target + ": the access log of " + LINKS + " is off");
        assertEquals(rendered.get(Ingress.class, APP).getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-body-size"),
                links.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-body-size"), "the same body limit");
        for (String tokenPath : TOKEN_PATHS) {
            for (Ingress ingress : rendered.all(Ingress.class)) {
                boolean routed = ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream())
                        .anyMatch(route -> routes(route, tokenPath + "/token"));
                assertEquals(ingress.getMetadata().getName().equals(LINKS), routed,
                        target + ": " + tokenPath + " is routed by " + LINKS + " alone, not by " + ingress.getMetadata().getName());
            }
        }
        String excluded = property("quarkus.http.access-log.exclude-pattern", "");
        for (String tokenPath : TOKEN_PATHS) {
            assertTrue((tokenPath + "/some-token").matches(excluded), "the service's access log skips " + tokenPath);
        }
    }

    private static boolean routes(HTTPIngressPath route, String path) {
        String prefix = route.getPath();
        return switch (route.getPathType()) {
            case "Exact" -> path.equals(prefix);
            case "Prefix" -> prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/");
            default -> throw new AssertionError("pathType " + route.getPathType());
        };
    }

    /** The paths of the JAX-RS resource methods (target/classes) and of the static files, without /q. */
    private static Set<String> servedPaths() throws IOException {
        Set<String> paths = new TreeSet<>();
        Path classes = PROJECT.resolve("target/classes");
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes)) {
            classFiles = files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .toList();
        }
        for (Path file : classFiles) {
            String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.')
                    .replaceAll("\\.class$", "");
            Class<?> type;
            try {
                type = Class.forName(name, false, ServingTest.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                boolean endpoint = sub != null || Stream.of(method.getAnnotations())
                        .anyMatch(a -> a.annotationType().isAnnotationPresent(jakarta.ws.rs.HttpMethod.class));
                if (endpoint) {
                    String joined = "/" + root.value() + "/" + (sub == null ? "" : sub.value());
                    String path = joined.replaceAll("/+", "/");
                    paths.add(path.length() > 1 ? path.replaceAll("/$", "") : path);
                }
            }
        }
        Path staticRoot = PROJECT.resolve("src/main/resources/META-INF/resources");
        if (Files.isDirectory(staticRoot)) {
            try (Stream<Path> entries = Files.list(staticRoot)) {
                entries.forEach(entry -> paths.add("/" + entry.getFileName()));
            }
        }
        paths.removeIf(path -> path.equals("/q") || path.startsWith("/q/"));
        return paths;
    }
}

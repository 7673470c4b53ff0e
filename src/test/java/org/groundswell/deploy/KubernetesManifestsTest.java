package org.groundswell.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import org.groundswell.config.GroundswellConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks the Kubernetes manifests (k8s/) and the image (src/main/docker/Dockerfile.jvm) against the application:
 * every object kustomize renders parses strictly into the Kubernetes model, the probes and ports are the ones
 * the service serves, every environment variable is one the service reads, and the rollout settings lose no
 * request.
 * <p>
 * Rendering needs {@code kubectl} (its built-in kustomize; {@code $KUBECTL}, the PATH or /usr/bin/kubectl).
 * Without it the overlays cannot be rendered: their tests are skipped with a message saying so, and the base is
 * checked from its own files (resources plus its ConfigMap generator) instead.
 */
class KubernetesManifestsTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path K8S = PROJECT.resolve("k8s");
    private static final String APP = "groundswell";

    /** Kinds this project deploys, each with the model class it must parse into without unknown fields. */
    private static final Map<String, Class<? extends HasMetadata>> KNOWN_KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class));
    /** Custom resources: no model class, parsed as generic resources. */
    private static final Set<String> CUSTOM_KINDS = Set.of("postgresql.cnpg.io/v1/Cluster");
    /** Secrets the Deployment may reference without the overlay rendering them, created out of band (README). */
    private static final Set<String> OUT_OF_BAND_SECRETS = Set.of("groundswell-secrets");

    private static final ObjectMapper YAML = new YAMLMapper();
    /**
     * The fabric8 model keeps unknown fields in an "additionalProperties" map (a Jackson any-setter); with the
     * any-setter switched off, an unknown or misspelt field fails the parse, naming the field and its path.
     */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            });

    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

    record Rendered(String target, List<JsonNode> documents, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> kind) {
            return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
            return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
        }

        <T extends HasMetadata> T get(Class<T> kind, String name) {
            return find(kind, name).orElseThrow(
                    () -> new AssertionError(target + ": no " + kind.getSimpleName() + " named " + name));
        }

        List<GenericKubernetesResource> custom(String kind) {
            return objects.stream().filter(GenericKubernetesResource.class::isInstance)
                    .map(GenericKubernetesResource.class::cast).filter(o -> o.getKind().equals(kind)).toList();
        }

        Deployment app() {
            return get(Deployment.class, APP);
        }

        Container appContainer() {
            return app().getSpec().getTemplate().getSpec().getContainers().stream()
                    .filter(c -> c.getName().equals(APP)).findFirst()
                    .orElseThrow(() -> new AssertionError(target + ": no container " + APP));
        }
    }

    // ---- Rendering ------------------------------------------------------------------------------------------

    private static Optional<Path> kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        return Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "kubectl")),
                        Stream.of(Path.of("/usr/bin/kubectl")))
                .filter(Files::isExecutable).findFirst();
    }

    private static Rendered rendered(String target) {
        return RENDERED.computeIfAbsent(target, KubernetesManifestsTest::render);
    }

    /** For an overlay: skips the calling test, saying why, when kubectl is missing. */
    private static Rendered overlay(String target) {
        assumeTrue(kubectl().isPresent(), "kubectl (with kustomize) is not installed, so " + target
                + " cannot be rendered and is not checked: install kubectl or set KUBECTL");
        return rendered(target);
    }

    private static Rendered render(String target) {
        Optional<Path> kubectl = kubectl();
        List<JsonNode> documents = kubectl.isPresent()
                ? kustomize(kubectl.get(), target)
                : baseFromFiles(target);
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : documents) {
            objects.add(parseStrictly(target, document));
        }
        return new Rendered(target, documents, objects);
    }

    private static List<JsonNode> kustomize(Path kubectl, String target) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", K8S.resolve(target).toString())
                    .redirectError(err.toFile()).start();
            String out;
            try (InputStream stdout = process.getInputStream()) {
                out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("kubectl kustomize " + target + " did not finish in 120 s");
            }
            String errors = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                fail("kubectl kustomize k8s/" + target + " failed:\n" + errors);
            }
            return documents(out);
        } catch (IOException e) {
            throw new AssertionError("running " + kubectl + " kustomize k8s/" + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Without kubectl: the base's resource files and its ConfigMap generator's literals, no overlay. */
    private static List<JsonNode> baseFromFiles(String target) {
        if (!target.equals("base")) {
            throw new IllegalStateException("without kubectl only the base can be read");
        }
        System.err.println("WARNING: kubectl not found; checking k8s/base from its files, overlays are not checked");
        try {
            Path base = K8S.resolve("base");
            JsonNode kustomization = YAML.readTree(base.resolve("kustomization.yaml").toFile());
            List<JsonNode> documents = new ArrayList<>();
            for (JsonNode resource : kustomization.path("resources")) {
                documents.addAll(documents(Files.readString(base.resolve(resource.asText()))));
            }
            for (JsonNode generator : kustomization.path("configMapGenerator")) {
                ObjectNode configMap = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
                configMap.putObject("metadata").put("name", generator.path("name").asText());
                ObjectNode data = configMap.putObject("data");
                for (JsonNode literal : generator.path("literals")) {
                    String[] pair = literal.asText().split("=", 2);
                    data.put(pair[0], pair[1]);
                }
                documents.add(configMap);
            }
            return documents;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(new StringReader(yaml))) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    static HasMetadata parseStrictly(String target, JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        String key = apiVersion + "/" + kind;
        String where = target + ": " + key + " " + document.path("metadata").path("name").asText();
        try {
            if (KNOWN_KINDS.containsKey(key)) {
                return STRICT.treeToValue(document, KNOWN_KINDS.get(key));
            }
            if (CUSTOM_KINDS.contains(key)) {
                return YAML.treeToValue(document, GenericKubernetesResource.class);
            }
        } catch (IOException e) {
            throw new AssertionError(where + " does not parse as the Kubernetes " + kind + ": " + e.getMessage(), e);
        }
        throw new AssertionError(where + ": a kind this test does not know; add it to KNOWN_KINDS or CUSTOM_KINDS");
    }

    // ---- What the application serves and reads -------------------------------------------------------------

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(PROJECT.resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return properties;
    }

    /** A prod-profile property: what application.properties says without a profile, or the given default. */
    private static String property(String name, String defaultValue) {
        return applicationProperties().getProperty(name, defaultValue);
    }

    private static int httpPort() {
        return Integer.parseInt(property("quarkus.http.port", "8080"));
    }

    /** /q/health/{live,ready,started} unless application.properties moves them. */
    private static String healthPath(String kind, String defaultName) {
        String root = "/" + property("quarkus.http.non-application-root-path", "q").replaceAll("^/|/$", "");
        String health = property("quarkus.smallrye-health.root-path", "health").replaceAll("^/|/$", "");
        String path = property("quarkus.smallrye-health." + kind + "-path", defaultName).replaceAll("^/|/$", "");
        return root + "/" + health + "/" + path;
    }

    /** SmallRye Config's environment-variable form of a property name. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The environment variables the service reads: every property of application.properties (any profile), the
     * QUARKUS_* names the README documents, and every property of the groundswell config mapping.
     */
    static Set<String> readableEnvNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String key : applicationProperties().stringPropertyNames()) {
            names.add(envName(key.replaceFirst("^%[^.]+\\.", "")));
        }
        Matcher documented = Pattern.compile("`(QUARKUS_[A-Z0-9_]+)`")
                .matcher(Files.readString(PROJECT.resolve("README.md")));
        while (documented.find()) {
            names.add(documented.group(1));
        }
        Set<String> mapped = new TreeSet<>();
        mappingProperties(GroundswellConfig.class, GroundswellConfig.class.getAnnotation(ConfigMapping.class).prefix(), mapped);
        mapped.forEach(property -> names.add(envName(property)));
        return names;
    }

    private static void mappingProperties(Class<?> type, String prefix, Set<String> out) {
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = withName != null ? withName.value()
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            Class<?> result = method.getReturnType();
            if (result.isInterface() && result.getName().startsWith("org.groundswell.")) {
                mappingProperties(result, prefix + "." + name, out);
            } else {
                out.add(prefix + "." + name);
            }
        }
    }

    // ---- Tests ----------------------------------------------------------------------------------------------

    @Test
    void strictParsingRejectsUnknownFields() {
        ObjectNode deployment = (ObjectNode) rendered("base").documents().stream()
                .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow().deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0))
                .putObject("readinesProbe").putObject("httpGet").put("path", "/q/health/ready");
        AssertionError error = assertThrows(AssertionError.class, () -> parseStrictly("test", deployment));
        assertTrue(error.getMessage().contains("readinesProbe"), error.getMessage());
    }

    @Test
    void envNamesAreDerivedFromTheApplication() throws IOException {
        Set<String> names = readableEnvNames();
        assertTrue(names.containsAll(Set.of("GROUNDSWELL_ADMIN_TOKEN", "GROUNDSWELL_PUBLIC_URL",
                "GROUNDSWELL_OUTBOX_MAX_ATTEMPTS", "GROUNDSWELL_DEMO_LOAD_ON_START", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_MAILER_START_TLS", "QUARKUS_MAILER_USERNAME")), names.toString());
        assertFalse(names.contains("GROUNDSWELL_TEST_DB"), "a test setting is no application setting");
    }

    @Test
    void baseHasNoSecretAndAppDefaults() {
        Rendered base = rendered("base");
        assertTrue(base.all(Secret.class).isEmpty(), "k8s/base must not carry a Secret");
        checkApplicationPod(base);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void overlayRendersIntoValidObjects(String target) {
        Rendered overlay = overlay(target);
        assertFalse(overlay.objects().isEmpty());
        for (HasMetadata object : overlay.objects()) {
            if (object instanceof Namespace) {
                continue;
            }
            assertNotNull(object.getMetadata().getNamespace(), target + ": " + object.getKind() + " "
                    + object.getMetadata().getName() + " has no namespace");
        }
        checkApplicationPod(overlay);
        String image = overlay.appContainer().getImage();
        assertTrue(image.contains("/") && image.contains(":") && !image.endsWith(":latest"),
                target + ": the image must be a pinned registry image, not " + image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
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
                "GROUNDSWELL_ADMIN_TOKEN", "GROUNDSWELL_PUBLIC_URL")) {
            assertTrue(env.containsKey(required), target + ": " + required + " is not set");
        }
        assertFalse(env.containsKey("QUARKUS_HTTP_PORT"), "the probes expect the default port " + httpPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void referencedSecretsAndKeysExist(String target) {
        Rendered overlay = overlay(target);
        Set<String> generatedElsewhere = new LinkedHashSet<>(OUT_OF_BAND_SECRETS);
        overlay.custom("Cluster").forEach(cluster -> generatedElsewhere.add(cluster.getMetadata().getName() + "-app"));
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
                    assertTrue(generatedElsewhere.stream().anyMatch(name -> ref.getName().equals(name)),
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
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void serviceIngressDisruptionBudgetAndAutoscalerFitTheDeployment(String target) {
        Rendered overlay = overlay(target);
        Deployment app = overlay.app();
        Map<String, String> podLabels = app.getSpec().getTemplate().getMetadata().getLabels();

        Service service = overlay.get(Service.class, APP);
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), "Service selects the pods");
        ServicePort http = service.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("Service has no port named http"));
        assertEquals(httpPort(), containerPort(overlay.appContainer(), http.getTargetPort()), "Service targets the HTTP port");

        Ingress ingress = overlay.get(Ingress.class, APP);
        for (IngressRule rule : ingress.getSpec().getRules()) {
            assertNotNull(rule.getHost(), "Ingress rules name their host");
            assertFalse(rule.getHost().endsWith(".invalid"), target + ": the base's placeholder host is left in");
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                var backend = path.getBackend().getService();
                assertEquals(APP, backend.getName());
                assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> Objects.equals(p.getName(), backend.getPort().getName())
                        || Objects.equals(p.getPort(), backend.getPort().getNumber())), "Ingress backend port exists");
                assertFalse(path.getPath().startsWith("/q"), "health, metrics and OpenAPI stay inside the cluster");
            }
        }
        String publicUrl = overlay.get(ConfigMap.class, configMapName(overlay)).getData().get("GROUNDSWELL_PUBLIC_URL");
        assertTrue(ingress.getSpec().getRules().stream().anyMatch(r -> r.getHost().equals(URI.create(publicUrl).getHost())),
                target + ": GROUNDSWELL_PUBLIC_URL " + publicUrl + " is not a host of the Ingress");

        PodDisruptionBudget budget = overlay.get(PodDisruptionBudget.class, APP);
        assertEquals(new IntOrString(1), budget.getSpec().getMinAvailable());
        assertTrue(podLabels.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(app.getSpec().getReplicas() > 1, "the budget leaves room for one disruption");

        HorizontalPodAutoscaler autoscaler = overlay.get(HorizontalPodAutoscaler.class, APP);
        assertEquals("Deployment", autoscaler.getSpec().getScaleTargetRef().getKind());
        assertEquals(APP, autoscaler.getSpec().getScaleTargetRef().getName());
        assertTrue(autoscaler.getSpec().getMinReplicas() >= 2);
        MetricSpec metric = autoscaler.getSpec().getMetrics().get(0);
        assertEquals("cpu", metric.getResource().getName());
        assertNotNull(overlay.appContainer().getResources().getRequests().get("cpu"), "CPU utilisation needs a CPU request");

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

    @Test
    void ingressRoutesEveryPublicPathTheServiceServes() throws IOException {
        Ingress ingress = rendered("base").get(Ingress.class, APP);
        List<HTTPIngressPath> routes = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        Set<String> served = servedPaths();
        assertTrue(served.contains("/api/campaigns"), "the JAX-RS resources were found: " + served);
        Set<String> unrouted = served.stream().filter(path -> routes.stream().noneMatch(route -> routes(route, path)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(unrouted.isEmpty(), "paths the service serves that the Ingress does not route: " + unrouted);
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
                type = Class.forName(name, false, KubernetesManifestsTest.class.getClassLoader());
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

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void networkPolicyLetsInOnlyTheIngressControllerAndOutOnlyDatabaseMailAndDns(String target) {
        Rendered overlay = overlay(target);
        NetworkPolicy policy = overlay.get(NetworkPolicy.class, APP);
        Map<String, String> podLabels = overlay.app().getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet()));
        assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(policy.getSpec().getPolicyTypes()));

        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            assertFalse(rule.getFrom().isEmpty(), "an ingress rule without 'from' lets everyone in");
            for (NetworkPolicyPeer peer : rule.getFrom()) {
                assertEquals(Map.of("kubernetes.io/metadata.name", "ingress-nginx"),
                        peer.getNamespaceSelector().getMatchLabels());
                assertTrue(peer.getIpBlock() == null);
            }
            assertEquals(List.of("TCP/" + httpPort()), ports(rule.getPorts()));
        }

        Map<String, String> config = overlay.get(ConfigMap.class, configMapName(overlay)).getData();
        String mailerPort = config.get("QUARKUS_MAILER_PORT");
        int databasePort = Optional.ofNullable(URI.create(config.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length())).getPort())
                .filter(p -> p > 0).orElse(5432);
        Set<String> allowed = new TreeSet<>(List.of("TCP/5432", "TCP/25", "TCP/465", "TCP/587", "UDP/53", "TCP/53",
                "TCP/" + mailerPort));
        List<String> egress = new ArrayList<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            assertFalse(rule.getPorts().isEmpty(), "an egress rule without ports lets everything out");
            egress.addAll(ports(rule.getPorts()));
        }
        assertTrue(allowed.containsAll(egress), target + ": egress beyond database, SMTP and DNS: " + egress);
        assertTrue(egress.containsAll(List.of("TCP/" + databasePort, "TCP/" + mailerPort, "UDP/53", "TCP/53")),
                target + ": egress misses the database, the configured SMTP port or DNS: " + egress);
    }

    @Test
    void devOverlayRunsItsOwnDatabaseAndMailCatcher() {
        Rendered dev = overlay("overlays/dev");
        StatefulSet postgres = dev.get(StatefulSet.class, "postgres");
        assertEquals(1, postgres.getSpec().getReplicas());
        assertEquals(1, postgres.getSpec().getVolumeClaimTemplates().size(), "PostgreSQL keeps its data on a claim");
        Deployment mailpit = dev.get(Deployment.class, "mailpit");
        assertTrue(mailpit.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().contains("mailpit"));

        Map<String, String> config = dev.get(ConfigMap.class, configMapName(dev)).getData();
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
        List<GenericKubernetesResource> clusters = prod.custom("Cluster");
        assertEquals(1, clusters.size());
        GenericKubernetesResource cluster = clusters.get(0);
        assertEquals("postgresql.cnpg.io/v1", cluster.getApiVersion());
        assertEquals(3, ((Number) cluster.get("spec", "instances")).intValue());
        assertNotNull(cluster.get("spec", "storage", "size"), "the cluster's storage size");
        String clusterName = cluster.getMetadata().getName();

        Container container = prod.appContainer();
        assertEquals(clusterName + "-app", secretRef(container, "QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(clusterName + "-app", secretRef(container, "QUARKUS_DATASOURCE_PASSWORD"));
        String url = prod.get(ConfigMap.class, configMapName(prod)).getData().get("QUARKUS_DATASOURCE_JDBC_URL");
        assertEquals(clusterName + "-rw", URI.create(url.substring("jdbc:".length())).getHost(),
                "the service connects to the primary's read-write Service");
        for (String smtp : List.of("QUARKUS_MAILER_USERNAME", "QUARKUS_MAILER_PASSWORD")) {
            EnvVar variable = container.getEnv().stream().filter(e -> e.getName().equals(smtp)).findFirst().orElseThrow();
            assertFalse(Boolean.TRUE.equals(variable.getValueFrom().getSecretKeyRef().getOptional()),
                    "production mail needs its login: " + smtp);
        }
    }

    @Test
    void dockerfileExposesTheHttpPortAndRunsAsNonRoot() throws IOException {
        List<String[]> instructions = new ArrayList<>();
        String joined = Files.readString(PROJECT.resolve("src/main/docker/Dockerfile.jvm"))
                .replaceAll("\\\\\\r?\\n", " ");
        for (String line : joined.split("\\r?\\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                instructions.add(trimmed.split("\\s+", 2));
            }
        }
        List<String> expose = values(instructions, "EXPOSE");
        assertTrue(expose.stream().anyMatch(v -> List.of(v.split("\\s+")).contains(String.valueOf(httpPort()))
                        || List.of(v.split("\\s+")).contains(httpPort() + "/tcp")),
                "EXPOSE " + httpPort() + " expected, found " + expose);

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
        JsonNode command = new ObjectMapper().readTree(entrypoint);
        assertEquals("java", command.get(0).asText(), "exec-form ENTRYPOINT running java from the PATH");
        assertTrue(command.toString().contains("-jar") && command.toString().contains("quarkus-run.jar"), entrypoint);
        assertTrue(values(instructions, "ENV").stream().anyMatch(e -> e.contains("MaxRAMPercentage")),
                "the heap follows the container's memory limit");

        assertEquals(httpPort(), rendered("base").appContainer().getPorts().get(0).getContainerPort(),
                "the image and the Deployment agree on the port");
    }

    // ---- Checks shared by base and overlays -------------------------------------------------------------------

    private static void checkApplicationPod(Rendered rendered) {
        String target = rendered.target();
        Deployment app = rendered.app();
        PodSpec pod = app.getSpec().getTemplate().getSpec();
        Container container = rendered.appContainer();

        assertEquals(2, app.getSpec().getReplicas(), target + ": two replicas");
        ContainerPort http = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(target + ": no container port named http"));
        assertEquals(httpPort(), http.getContainerPort(), target + ": the service listens on " + httpPort());

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
        String tmpVolume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                .findFirst().orElseThrow(() -> new AssertionError(target + ": nothing writable at /tmp")).getName();
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow();
        assertNotNull(volume.getEmptyDir(), target + ": /tmp is an emptyDir");

        for (String resource : List.of("cpu", "memory")) {
            Quantity request = container.getResources().getRequests().get(resource);
            Quantity limit = container.getResources().getLimits().get(resource);
            assertNotNull(request, target + ": " + resource + " request");
            assertNotNull(limit, target + ": " + resource + " limit");
            assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0, resource + " request <= limit");
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
    }

    private static void assertProbe(String target, String name, Probe probe, String path, Container container) {
        assertNotNull(probe, target + ": " + name);
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, target + ": " + name + " is an HTTP GET");
        assertEquals(path, get.getPath(), target + ": " + name + " path");
        assertEquals(new IntOrString("http"), get.getPort(), target + ": " + name + " uses the named port http");
        assertEquals(httpPort(), containerPort(container, get.getPort()), target + ": " + name + " port");
    }

    private static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    private static long preStopSleepSeconds(Container container) {
        assertNotNull(container.getLifecycle(), "a preStop hook");
        List<String> command = container.getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", command.get(0), "preStop sleeps so the endpoints controller removes the pod first");
        return Long.parseLong(command.get(1));
    }

    private static List<Container> allContainers(Rendered rendered) {
        List<Container> containers = new ArrayList<>();
        rendered.all(Deployment.class).forEach(d -> containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));
        rendered.all(StatefulSet.class).forEach(s -> containers.addAll(s.getSpec().getTemplate().getSpec().getContainers()));
        return containers;
    }

    private static Set<String> secretKeys(Secret secret) {
        Set<String> keys = new TreeSet<>();
        Optional.ofNullable(secret.getData()).map(Map::keySet).ifPresent(keys::addAll);
        Optional.ofNullable(secret.getStringData()).map(Map::keySet).ifPresent(keys::addAll);
        return keys;
    }

    private static String secretRef(Container container, String variable) {
        return container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                .map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + variable));
    }

    private static String configMapName(Rendered rendered) {
        return rendered.appContainer().getEnvFrom().stream().filter(s -> s.getConfigMapRef() != null).findFirst()
                .orElseThrow().getConfigMapRef().getName();
    }

    private static void assertServiceListens(Rendered rendered, String host, int port) {
        Service service = rendered.get(Service.class, host);
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port),
                "Service " + host + " listens on " + port);
    }

    private static List<String> ports(Collection<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> Optional.ofNullable(p.getProtocol()).orElse("TCP") + "/" + p.getPort().getIntVal())
                .toList();
    }

    private static List<String> values(List<String[]> instructions, String keyword) {
        return instructions.stream().filter(i -> i[0].equalsIgnoreCase(keyword)).map(i -> i.length > 1 ? i[1].strip() : "")
                .toList();
    }
}

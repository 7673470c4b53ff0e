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
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import org.groundswell.config.GroundswellConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kubernetes manifests (k8s/) as a cluster would receive them, shared by the deploy tests: each target (the base,
 * an overlay) rendered once with {@code kubectl kustomize} and every object parsed strictly into the fabric8
 * Kubernetes model, plus what the application serves and reads (application.properties, the README, the
 * {@link GroundswellConfig} mapping) to hold the manifests to.
 * <p>
 * Rendering needs {@code kubectl} (its built-in kustomize; {@code $KUBECTL}, the PATH or /usr/bin/kubectl).
 * Without it the overlays cannot be rendered: {@link #overlay} skips the calling test with a message saying so,
 * and the base is read from its own files (resources plus its ConfigMap generator's literals) instead.
 */
final class RenderedManifests {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path K8S = PROJECT.resolve("k8s");
    static final String APP = "groundswell";
    static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod", "overlays/ci");
    /** The overlays that are applied to clusters (ci is only run by podman on one machine). */
    static final List<String> CLUSTER_OVERLAYS = List.of("overlays/dev", "overlays/prod");

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
    /** Custom resources (CloudNativePG, its Barman Cloud plugin, the Prometheus Operator): parsed generically. */
    private static final Set<String> CUSTOM_KINDS = Set.of("postgresql.cnpg.io/v1/Cluster",
            "postgresql.cnpg.io/v1/ScheduledBackup", "barmancloud.cnpg.io/v1/ObjectStore",
            "monitoring.coreos.com/v1/PodMonitor");
    /** Secrets the Deployment may reference without the overlay rendering them, created out of band (README). */
    static final Set<String> OUT_OF_BAND_SECRETS = Set.of("groundswell-secrets");

    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();
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

    private RenderedManifests() {
    }

    /** One rendered target: its documents as parsed YAML and as model objects, in the same order. */
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

        Map<String, String> podLabels() {
            return app().getSpec().getTemplate().getMetadata().getLabels();
        }

        /** The data of the ConfigMap the application container takes its environment from. */
        Map<String, String> appConfig() {
            String name = appContainer().getEnvFrom().stream().filter(s -> s.getConfigMapRef() != null).findFirst()
                    .orElseThrow(() -> new AssertionError(target + ": no envFrom ConfigMap")).getConfigMapRef().getName();
            return get(ConfigMap.class, name).getData();
        }

        /** The rendered Deployment document as kustomize wrote it. */
        JsonNode appDocument() {
            return documents.stream().filter(d -> d.path("kind").asText().equals("Deployment")
                    && d.path("metadata").path("name").asText().equals(APP)).findFirst()
                    .orElseThrow(() -> new AssertionError(target + ": no Deployment " + APP));
        }
    }

    // ---- Rendering ------------------------------------------------------------------------------------------

    static Optional<Path> kubectl() {
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

    /** The base, rendered (or, without kubectl, read from its files). */
    static Rendered base() {
        return rendered("base");
    }

    /** An overlay; skips the calling test, saying why, when kubectl is missing. */
    static Rendered overlay(String target) {
        assumeTrue(kubectl().isPresent(), "kubectl (with kustomize) is not installed, so " + target
                + " cannot be rendered and is not checked: install kubectl or set KUBECTL");
        return rendered(target);
    }

    static Rendered rendered(String target) {
        return RENDERED.computeIfAbsent(target, RenderedManifests::render);
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

    /** Without kubectl: the base's resource files and its ConfigMap generators' literals and files, no overlay. */
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
                ObjectNode metadata = configMap.putObject("metadata").put("name", generator.path("name").asText());
                generator.path("options").path("labels").fields()
                        .forEachRemaining(label -> metadata.with("labels").set(label.getKey(), label.getValue()));
                ObjectNode data = configMap.putObject("data");
                for (JsonNode literal : generator.path("literals")) {
                    String[] pair = literal.asText().split("=", 2);
                    data.put(pair[0], pair[1]);
                }
                for (JsonNode file : generator.path("files")) {
                    String[] pair = file.asText().split("=", 2);
                    data.put(pair[0], Files.readString(base.resolve(pair.length == 2 ? pair[1] : pair[0])));
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

    static Properties applicationProperties() {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(PROJECT.resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return properties;
    }

    /** A prod-profile property: what application.properties says without a profile, or the given default. */
    static String property(String name, String defaultValue) {
        return applicationProperties().getProperty(name, defaultValue);
    }

    static int httpPort() {
        return Integer.parseInt(property("quarkus.http.port", "8080"));
    }

    /** Health and metrics are served on the management interface (its own port) when it is enabled. */
    static boolean managementEnabled() {
        return Boolean.parseBoolean(property("quarkus.management.enabled", "false"));
    }

    static int managementPort() {
        return Integer.parseInt(property("quarkus.management.port", "9000"));
    }

    /** The port of /q/health and /q/metrics: the management port when the management interface is enabled. */
    static int operationsPort() {
        return managementEnabled() ? managementPort() : httpPort();
    }

    /** The root of the non-application endpoints: /q unless application.properties moves it. */
    static String operationsRoot() {
        String root = managementEnabled()
                ? property("quarkus.management.root-path", "/q")
                : property("quarkus.http.non-application-root-path", "q");
        return "/" + root.replaceAll("^/|/$", "");
    }

    /** /q/health/{live,ready,started} unless application.properties moves them. */
    static String healthPath(String kind, String defaultName) {
        String health = property("quarkus.smallrye-health.root-path", "health").replaceAll("^/|/$", "");
        String path = property("quarkus.smallrye-health." + kind + "-path", defaultName).replaceAll("^/|/$", "");
        return operationsRoot() + "/" + health + "/" + path;
    }

    static String metricsPath() {
        return operationsRoot() + "/" + property("quarkus.micrometer.export.prometheus.path", "metrics")
                .replaceAll("^/|/$", "");
    }

    /** SmallRye Config's environment-variable form of a property name. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
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
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Class<?> result = method.getReturnType();
            if (result.isInterface() && result.getName().startsWith("org.groundswell.")) {
                mappingProperties(result, prefix + "." + name, out);
            } else {
                out.add(prefix + "." + name);
            }
        }
    }

    // ---- Small utilities --------------------------------------------------------------------------------------

    /** The number a container port reference (name or number) stands for, resolved as the kubelet does. */
    static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    static String secretRef(Container container, String variable) {
        return container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                .map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + variable));
    }

    static Set<String> secretKeys(Secret secret) {
        Set<String> keys = new TreeSet<>();
        Optional.ofNullable(secret.getData()).map(Map::keySet).ifPresent(keys::addAll);
        Optional.ofNullable(secret.getStringData()).map(Map::keySet).ifPresent(keys::addAll);
        return keys;
    }

    static List<Container> allContainers(Rendered rendered) {
        List<Container> containers = new ArrayList<>();
        rendered.all(Deployment.class).forEach(d -> containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));
        rendered.all(StatefulSet.class).forEach(s -> containers.addAll(s.getSpec().getTemplate().getSpec().getContainers()));
        return containers;
    }

    static void assertServiceListens(Rendered rendered, String host, int port) {
        Service service = rendered.get(Service.class, host);
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port),
                "Service " + host + " listens on " + port);
    }

    static List<String> ports(Collection<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> Optional.ofNullable(p.getProtocol()).orElse("TCP") + "/" + p.getPort().getIntVal())
                .toList();
    }

    /** Whether a label selector (matchLabels only; this project uses no expressions) selects these labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        assertTrue(selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty(),
                "matchExpressions are not used in this project's selectors");
        Map<String, String> match = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
        return labels != null && labels.entrySet().containsAll(match.entrySet());
    }
}

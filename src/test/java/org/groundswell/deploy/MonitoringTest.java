package org.groundswell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import org.groundswell.deploy.RenderedManifests.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.groundswell.deploy.RenderedManifests.JSON;
import static org.groundswell.deploy.RenderedManifests.base;
import static org.groundswell.deploy.RenderedManifests.metricsPath;
import static org.groundswell.deploy.RenderedManifests.operationsPort;
import static org.groundswell.deploy.RenderedManifests.overlay;
import static org.groundswell.deploy.RenderedManifests.selects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metrics are scraped from the management port (annotations, PodMonitor) and shown on the Grafana dashboard. */
class MonitoringTest {

    /** What the dashboard must show, by metric (Prometheus names of the service's Micrometer meters). */
    private static final List<String> DASHBOARD_METRICS = List.of(
            "groundswell_signatures_received_total", "groundswell_signatures_confirmed_total",
            "groundswell_confirmation_delay_seconds_bucket", "groundswell_outbox_depth", "groundswell_outbox_failed",
            "http_server_requests_seconds_bucket");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void scrapeAnnotationsPointAtTheManagementPort(String target) {
        Rendered rendered = target.equals("base") ? base() : overlay(target);
        Map<String, String> annotations = rendered.app().getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"), target);
        assertEquals(metricsPath(), annotations.get("prometheus.io/path"), target + ": metrics path");
        assertEquals(String.valueOf(operationsPort()), annotations.get("prometheus.io/port"),
                target + ": metrics are served on the management port only");
        assertTrue(rendered.appContainer().getPorts().stream().anyMatch(p -> p.getContainerPort() == operationsPort()),
                target + ": the scraped port is a port of the container");
    }

    @Test
    void prodHasAPodMonitorOnTheManagementPort() {
        Rendered prod = overlay("overlays/prod");
        List<GenericKubernetesResource> monitors = prod.custom("PodMonitor");
        assertEquals(1, monitors.size(), "one PodMonitor in prod");
        GenericKubernetesResource monitor = monitors.get(0);
        assertEquals("monitoring.coreos.com/v1", monitor.getApiVersion());
        LabelSelector selector = JSON.convertValue(monitor.get("spec", "selector"), LabelSelector.class);
        assertTrue(selects(selector, prod.podLabels()), "the PodMonitor selects the app's pods");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) monitor.get("spec", "podMetricsEndpoints");
        assertEquals(1, endpoints.size());
        String portName = String.valueOf(endpoints.get(0).get("port"));
        ContainerPort port = prod.appContainer().getPorts().stream().filter(p -> portName.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("the PodMonitor scrapes port " + portName + ", which the container lacks"));
        assertEquals(operationsPort(), port.getContainerPort(), "the PodMonitor scrapes the management port");
        assertEquals(metricsPath(), endpoints.get(0).get("path"));
        assertEquals(prod.app().getMetadata().getNamespace(), monitor.getMetadata().getNamespace());
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void grafanaDashboardShowsSigningConfirmationOutboxAndLatency(String target) throws IOException {
        Rendered rendered = target.equals("base") ? base() : overlay(target);
        List<ConfigMap> dashboards = rendered.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getLabels() != null && "1".equals(c.getMetadata().getLabels().get("grafana_dashboard")))
                .toList();
        assertEquals(1, dashboards.size(), target + ": one ConfigMap labelled grafana_dashboard: \"1\"");
        ConfigMap configMap = dashboards.get(0);
        assertFalse(configMap.getMetadata().getName().matches(".*-[a-z0-9]{10}$"),
                target + ": no hash suffix (a renamed copy would show the dashboard twice)");
        assertEquals(1, configMap.getData().size());
        JsonNode dashboard = JSON.readTree(configMap.getData().values().iterator().next());
        assertEquals("groundswell", dashboard.path("uid").asText());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertFalse(panel.path("title").asText().isBlank(), "every panel has a title");
            assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText() + ": no query");
            for (JsonNode query : panel.path("targets")) {
                String expr = query.path("expr").asText();
                assertFalse(expr.isBlank(), panel.path("title").asText() + ": an empty query");
                assertEquals(count(expr, '('), count(expr, ')'), "unbalanced parentheses: " + expr);
                expressions.add(expr);
            }
        }
        for (String metric : DASHBOARD_METRICS) {
            assertTrue(expressions.stream().anyMatch(e -> e.contains(metric)), target + ": no panel shows " + metric);
        }
        assertTrue(expressions.stream().anyMatch(e -> e.contains("histogram_quantile(0.99") && e.contains("http_server_requests_seconds_bucket")),
                "HTTP p99");
    }

    private static long count(String text, char c) {
        return text.chars().filter(ch -> ch == c).count();
    }
}

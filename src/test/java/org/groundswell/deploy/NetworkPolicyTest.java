package org.groundswell.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.groundswell.deploy.RenderedManifests.Rendered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.groundswell.deploy.RenderedManifests.APP;
import static org.groundswell.deploy.RenderedManifests.base;
import static org.groundswell.deploy.RenderedManifests.httpPort;
import static org.groundswell.deploy.RenderedManifests.operationsPort;
import static org.groundswell.deploy.RenderedManifests.overlay;
import static org.groundswell.deploy.RenderedManifests.ports;
import static org.groundswell.deploy.RenderedManifests.selects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NetworkPolicy: the public port only from the ingress controller, the management port only from Prometheus; out
 * only to named destinations (cluster DNS, the database's pods, the mail relay, the addresses of the members of
 * Congress' publisher over HTTPS) and, for webhooks, HTTPS to public addresses only; the database only from Groundswell.
 */
class NetworkPolicyTest {

    private static final Set<String> DNS = Set.of("UDP/53", "TCP/53");
    /** The placeholder address block of k8s/base, which every overlay replaces. */
    private static final String BASE_SMTP_PLACEHOLDER = "192.0.2.0/24";
    private static final Set<String> HTTPS = Set.of("TCP/443");

    private static Rendered rendered(String target) {
        return target.equals("base") ? base() : overlay(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/ci"})
    void everyEgressRuleHasADestinationAndPorts(String target) {
        Rendered rendered = rendered(target);
        assertFalse(rendered.all(NetworkPolicy.class).isEmpty(), target + ": no NetworkPolicy");
        for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
            String name = target + ": NetworkPolicy " + policy.getMetadata().getName();
            for (NetworkPolicyEgressRule rule : Optional.ofNullable(policy.getSpec().getEgress()).orElse(List.of())) {
                assertFalse(rule.getTo() == null || rule.getTo().isEmpty(),
                        name + ": an egress rule without 'to' lets the pods reach any address: " + ports(rule.getPorts()));
                assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(),
                        name + ": an egress rule without ports lets the pods reach every port of " + rule.getTo());
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    if (peer.getIpBlock() != null && !ports(rule.getPorts()).equals(List.of("TCP/443"))) {
                        assertFalse(peer.getIpBlock().getCidr().endsWith("/0"),
                                name + ": an egress rule to " + peer.getIpBlock().getCidr() + " names no destination");
                    }
                }
            }
            for (NetworkPolicyIngressRule rule : Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())) {
                assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(),
                        name + ": an ingress rule without 'from' lets everyone in");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void inOnlyFromTheIngressControllerAndPrometheus(String target) {
        Rendered rendered = rendered(target);
        NetworkPolicy policy = rendered.get(NetworkPolicy.class, APP);
        assertTrue(selects(policy.getSpec().getPodSelector(), rendered.podLabels()), "the policy selects the app's pods");
        assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(policy.getSpec().getPolicyTypes()));
        boolean publicRule = false;
        boolean managementRule = false;
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            List<String> ports = ports(rule.getPorts());
            for (NetworkPolicyPeer peer : rule.getFrom()) {
                assertNull(peer.getIpBlock(), target + ": ingress from an address block");
                assertNotNull(peer.getNamespaceSelector(), target + ": ingress from a namespace");
                assertTrue(peer.getNamespaceSelector().getMatchLabels().containsKey("kubernetes.io/metadata.name"),
                        target + ": ingress from one named namespace");
            }
            if (ports.equals(List.of("TCP/" + httpPort()))) {
                publicRule = true;
                assertEquals("ingress-nginx", namespaceOf(rule), target + ": the public port from the ingress controller");
            } else if (ports.equals(List.of("TCP/" + operationsPort()))) {
                managementRule = true;
                assertEquals("monitoring", namespaceOf(rule), target + ": the management port from Prometheus' namespace");
            } else {
                throw new AssertionError(target + ": ingress to ports other than the public and the management port: " + ports);
            }
        }
        assertTrue(publicRule && managementRule, target + ": ingress rules for the public and the management port");
    }

    private static String namespaceOf(NetworkPolicyIngressRule rule) {
        return rule.getFrom().get(0).getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void outOnlyToClusterDnsTheDatabasePodsTheMailRelayAndThePublisher(String target) {
        Rendered overlay = overlay(target);
        NetworkPolicy policy = overlay.get(NetworkPolicy.class, APP);
        Map<String, String> config = overlay.appConfig();
        int databasePort = Optional.of(URI.create(config.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length())).getPort())
                .filter(p -> p > 0).orElse(5432);
        String mailPort = "TCP/" + config.get("QUARKUS_MAILER_PORT");
        Map<String, String> databasePods = databasePodLabels(overlay);
        boolean dns = false;
        boolean database = false;
        boolean mail = false;
        boolean publisher = false;
        boolean webhooks = false;
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            Set<String> ports = Set.copyOf(ports(rule.getPorts()));
            if (ports.equals(DNS)) {
                dns = true;
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    assertEquals(Map.of("kubernetes.io/metadata.name", "kube-system"), peer.getNamespaceSelector().getMatchLabels(),
                            target + ": DNS only to kube-system");
                    assertEquals(Map.of("k8s-app", "kube-dns"), peer.getPodSelector().getMatchLabels(),
                            target + ": DNS only to the cluster DNS pods");
                }
            } else if (ports.equals(Set.of("TCP/" + databasePort))) {
                database = true;
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    assertNull(peer.getNamespaceSelector(), target + ": the database is in the app's namespace");
                    assertNull(peer.getIpBlock(), target + ": the database by its pods, not by address");
                    assertTrue(selects(peer.getPodSelector(), databasePods), target + ": PostgreSQL egress selects "
                            + peer.getPodSelector().getMatchLabels() + ", not the database pods " + databasePods);
                    assertFalse(selects(peer.getPodSelector(), overlay.podLabels()), target + ": nor the app's own pods");
                }
            } else if (ports.contains(mailPort)) {
                mail = true;
                assertTrue(new HashSet<>(List.of("TCP/25", "TCP/465", "TCP/587", mailPort)).containsAll(ports),
                        target + ": the mail rule opens SMTP ports only: " + ports);
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    if (target.equals("overlays/dev")) {
                        Deployment mailpit = overlay.get(Deployment.class, config.get("QUARKUS_MAILER_HOST"));
                        assertTrue(selects(peer.getPodSelector(), mailpit.getSpec().getTemplate().getMetadata().getLabels()),
                                target + ": mail only to the mail catcher's pods");
                    } else {
                        assertNotNull(peer.getIpBlock(), target + ": mail only to the relay's address block");
                        assertFalse(peer.getIpBlock().getCidr().equals(BASE_SMTP_PLACEHOLDER),
                                target + ": the base's placeholder address block is left in");
                    }
                }
            } else if (ports.equals(HTTPS) && singleAddresses(rule)) {
                publisher = true;
                assertPublisherAddresses(target, rule);
            } else if (ports.equals(HTTPS)) {
                webhooks = true;
                assertPublicAddressesOnly(target, rule);
            } else {
                throw new AssertionError(target + ": egress beyond DNS, the database, mail, the publisher and webhooks: " + ports);
            }
        }
        assertTrue(dns && database && mail && publisher && webhooks, target + ": egress to DNS " + dns + ", database " + database
                + ", mail " + mail + ", the publisher " + publisher + ", webhooks " + webhooks);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void httpsOnlyToTheAddressesOfThePublisherThatTheReadmeNames(String target) throws Exception {
        NetworkPolicy policy = rendered(target).get(NetworkPolicy.class, APP);
        List<NetworkPolicyEgressRule> https = policy.getSpec().getEgress().stream()
                .filter(rule -> ports(rule.getPorts()).contains("TCP/443")).filter(NetworkPolicyTest::singleAddresses).toList();
        assertEquals(1, https.size(), target + ": one HTTPS rule to single addresses, for the refresh of the members of Congress");
        assertEquals(HTTPS, Set.copyOf(ports(https.get(0).getPorts())), target + ": that rule opens 443 and nothing else");
        assertPublisherAddresses(target, https.get(0));
        String readme = java.nio.file.Files.readString(RenderedManifests.PROJECT.resolve("README.md"));
        for (NetworkPolicyPeer peer : https.get(0).getTo()) {
            String address = peer.getIpBlock().getCidr().replaceFirst("/\\d+$", "");
            assertTrue(readme.contains(address), "README's \"Egress\" names " + address);
        }
    }

    /** Single addresses (GitHub Pages', which serve the publisher's file), never a range or a block with exceptions. */
    private static void assertPublisherAddresses(String target, NetworkPolicyEgressRule rule) {
        assertFalse(rule.getTo().isEmpty());
        for (NetworkPolicyPeer peer : rule.getTo()) {
            assertNotNull(peer.getIpBlock(), target + ": HTTPS only to addresses, not to pods or namespaces");
            String cidr = peer.getIpBlock().getCidr();
            assertTrue(cidr.endsWith(cidr.contains(":") ? "/128" : "/32"), target + ": HTTPS to one address each, not " + cidr);
            assertTrue(peer.getIpBlock().getExcept() == null || peer.getIpBlock().getExcept().isEmpty(), target + ": " + cidr);
        }
    }

    /** A rule to single addresses only (the publisher's), as opposed to blocks (webhooks). */
    private static boolean singleAddresses(NetworkPolicyEgressRule rule) {
        return rule.getTo().stream().allMatch(peer -> peer.getIpBlock() != null
                && peer.getIpBlock().getCidr().endsWith(peer.getIpBlock().getCidr().contains(":") ? "/128" : "/32"));
    }

    /** The blocks a webhook may never reach, as the service's own TargetPolicy refuses them too. */
    private static final Set<String> INTERNAL_IPV4 = Set.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
            "172.16.0.0/12", "192.168.0.0/16");
    private static final Set<String> INTERNAL_IPV6 = Set.of("::1/128", "::ffff:0:0/96", "fc00::/7", "fe80::/10");

    /** Webhooks: HTTPS to any address except the private, shared, loopback and link-local blocks (metadata among them). */
    private static void assertPublicAddressesOnly(String target, NetworkPolicyEgressRule rule) {
        assertEquals(List.of("TCP/443"), ports(rule.getPorts()), target + ": the webhooks rule opens 443 alone");
        for (NetworkPolicyPeer peer : rule.getTo()) {
            assertNotNull(peer.getIpBlock(), target + ": webhooks by address block");
            String cidr = peer.getIpBlock().getCidr();
            Set<String> except = Set.copyOf(Optional.ofNullable(peer.getIpBlock().getExcept()).orElse(List.of()));
            if (cidr.equals("0.0.0.0/0")) {
                assertTrue(except.containsAll(INTERNAL_IPV4), target + ": HTTPS to the internet must except " + INTERNAL_IPV4 + ": " + except);
            } else if (cidr.equals("::/0")) {
                assertTrue(except.containsAll(INTERNAL_IPV6), target + ": HTTPS to the internet must except " + INTERNAL_IPV6 + ": " + except);
            } else {
                throw new AssertionError(target + ": unexpected HTTPS destination " + cidr);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void onlyGroundswellReachesTheDatabase(String target) {
        Rendered overlay = overlay(target);
        Map<String, String> databasePods = databasePodLabels(overlay);
        List<NetworkPolicy> policies = overlay.all(NetworkPolicy.class).stream()
                .filter(p -> selects(p.getSpec().getPodSelector(), databasePods)).toList();
        assertFalse(policies.isEmpty(), target + ": no NetworkPolicy protects the database pods " + databasePods);
        for (NetworkPolicy policy : policies) {
            assertTrue(policy.getSpec().getPolicyTypes().contains("Ingress"));
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                if (!ports(rule.getPorts()).contains("TCP/5432")) {
                    continue;
                }
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    assertNull(peer.getIpBlock(), target + ": the database admits an address block");
                    boolean app = peer.getNamespaceSelector() == null && selects(peer.getPodSelector(), overlay.podLabels());
                    boolean itself = peer.getNamespaceSelector() == null && selects(peer.getPodSelector(), databasePods);
                    boolean operator = peer.getNamespaceSelector() != null
                            && "cnpg-system".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
                            && peer.getPodSelector() != null
                            && "cloudnative-pg".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
                    assertTrue(app || itself || operator, target + ": the database admits " + peer
                            + " (only Groundswell, its own instances and the CloudNativePG operator may connect)");
                }
            }
        }
    }

    /** The labels of the database's pods: the StatefulSet's template, or those CloudNativePG gives a Cluster's pods. */
    static Map<String, String> databasePodLabels(Rendered overlay) {
        List<GenericKubernetesResource> clusters = overlay.custom("Cluster");
        if (!clusters.isEmpty()) {
            return Map.of("cnpg.io/cluster", clusters.get(0).getMetadata().getName(), "cnpg.io/podRole", "instance");
        }
        String host = URI.create(overlay.appConfig().get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length())).getHost();
        return overlay.get(StatefulSet.class, host).getSpec().getTemplate().getMetadata().getLabels();
    }
}

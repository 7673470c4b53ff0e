package org.groundswell.webhooks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses and URLs a webhook may reach, with and without the operator's allow-private-targets. */
class TargetPolicyTest {

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "100.100.100.200", "0.0.0.0", "0.1.2.3", "224.0.0.1",
            "255.255.255.255", "fe80::1", "fd00:ec2::254", "::", "ff02::1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1", "2001:0:4136:e378::1"})
    void linkLocalMetadataAndReservedAreRefusedEvenWhenPrivateTargetsAreAllowed(String literal) {
        assertInstanceOf(TargetPolicy.Decision.Refused.class, TargetPolicy.decide(address(literal), true), literal);
        assertInstanceOf(TargetPolicy.Decision.Refused.class, TargetPolicy.decide(address(literal), false), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1",
            "100.127.255.254", "::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1",
            "64:ff9b::7f00:1", "2002:c0a8:0101::1", "198.18.0.1"})
    void loopbackAndPrivateAreRefusedUnlessTheOperatorAllowsThem(String literal) {
        TargetPolicy.Decision refused = TargetPolicy.decide(address(literal), false);
        assertInstanceOf(TargetPolicy.Decision.Refused.class, refused, literal);
        assertInstanceOf(TargetPolicy.Decision.Allowed.class, TargetPolicy.decide(address(literal), true), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.15.0.1", "172.32.0.1", "100.63.255.255", "100.128.0.1",
            "192.169.0.1", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e", "::ffff:8.8.8.8"})
    void publicAddressesAreAllowed(String literal) {
        assertInstanceOf(TargetPolicy.Decision.Allowed.class, TargetPolicy.decide(address(literal), false), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b:1::a9fe:a9fe", "64:ff9b:1:ffff::a9fe:a9fe", "64:ff9b:1::6464:64c8", "::ffff:0:a9fe:a9fe",
            "::ffff:0:0:1", "64:ff9b:1::e000:1"})
    void localUseNat64AndSiitCarryingMetadataOrReservedAreRefusedEvenWhenPrivateTargetsAreAllowed(String literal) {
        assertInstanceOf(TargetPolicy.Decision.Refused.class, TargetPolicy.decide(address(literal), true), literal);
        assertInstanceOf(TargetPolicy.Decision.Refused.class, TargetPolicy.decide(address(literal), false), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b:1::7f00:1", "64:ff9b:1:2::a00:1", "::ffff:0:7f00:1", "::ffff:0:c0a8:101"})
    void localUseNat64AndSiitCarryingLoopbackOrPrivateFollowTheSetting(String literal) {
        assertInstanceOf(TargetPolicy.Decision.Refused.class, TargetPolicy.decide(address(literal), false), literal);
        assertInstanceOf(TargetPolicy.Decision.Allowed.class, TargetPolicy.decide(address(literal), true), literal);
    }

    @Test
    void localUseNat64AndSiitCarryingAPublicAddressAreAllowed() {
        assertInstanceOf(TargetPolicy.Decision.Allowed.class, TargetPolicy.decide(address("64:ff9b:1::808:808"), false));
        assertInstanceOf(TargetPolicy.Decision.Allowed.class, TargetPolicy.decide(address("::ffff:0:808:808"), false));
        assertTrue(((TargetPolicy.Decision.Refused) TargetPolicy.decide(address("64:ff9b:1::a9fe:a9fe"), true)).reason()
                .contains("metadata"));
    }

    @Test
    void oneRefusedAddressAmongSeveralRefusesTheHost() {
        assertInstanceOf(TargetPolicy.Decision.Refused.class,
                TargetPolicy.decide(List.of(address("8.8.8.8"), address("127.0.0.1")), false));
        assertInstanceOf(TargetPolicy.Decision.Refused.class, TargetPolicy.decide(List.of(), true));
    }

    @Test
    void theReasonNamesTheRange() {
        TargetPolicy.Decision decision = TargetPolicy.decide(address("169.254.169.254"), true);
        assertTrue(((TargetPolicy.Decision.Refused) decision).reason().contains("metadata"), decision.toString());
    }

    @Test
    void onlyHttpsWithoutCredentialsAndHttpOnlyWhenAllowed() {
        assertEquals(List.of(), TargetPolicy.checkUrl(URI.create("https://crm.example.org/hooks"), false).stream().toList());
        assertTrue(TargetPolicy.checkUrl(URI.create("http://crm.example.org/hooks"), false).isPresent());
        assertTrue(TargetPolicy.checkUrl(URI.create("http://crm.example.org/hooks"), true).isEmpty());
        assertTrue(TargetPolicy.checkUrl(URI.create("ftp://crm.example.org/"), true).isPresent());
        assertTrue(TargetPolicy.checkUrl(URI.create("file:///etc/passwd"), true).isPresent());
        assertTrue(TargetPolicy.checkUrl(URI.create("https://user:pw@crm.example.org/"), false).isPresent());
    }

    @Test
    void literalsAreParsedNotLookedUp() {
        assertEquals(address("127.0.0.1"), TargetPolicy.literal("127.0.0.1").orElseThrow());
        assertEquals(address("::1"), TargetPolicy.literal("[::1]").orElseThrow());
        assertTrue(TargetPolicy.literal("crm.example.org").isEmpty());
    }
}

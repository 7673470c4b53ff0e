package org.groundswell.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may be delivered (server-side request forgery): plain values in, a decision out. Only {@code https}
 * to public addresses; with {@code allowPrivate} (the operator's groundswell.webhooks.allow-private-targets) also
 * {@code http} and loopback, private and shared (carrier-grade NAT) addresses. Never, whatever the setting:
 * link-local addresses (169.254.0.0/16 with the cloud metadata address 169.254.169.254, fe80::/10), the other known
 * metadata addresses (100.100.100.200, fd00:ec2::254), "this network" (0.0.0.0/8, ::), multicast and reserved
 * blocks. IPv6 forms that carry an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d, SIIT ::ffff:0:a.b.c.d, NAT64
 * 64:ff9b::/96 and the local-use 64:ff9b:1::/48 with the address in its last 32 bits, 6to4 2002::/16) are judged by
 * that address.
 */
public final class TargetPolicy {

    private TargetPolicy() {
    }

    public sealed interface Decision {
        record Allowed() implements Decision {
        }

        record Refused(String reason) implements Decision {
        }
    }

    private static final Decision ALLOWED = new Decision.Allowed();

    /** The URL's form: scheme, host, no credentials. Answers the reason it is refused, or empty. */
    public static Optional<String> checkUrl(URI url, boolean allowPrivate) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            return Optional.of(allowPrivate ? "must be an http or https URL" : "must be an https URL");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return Optional.of("must name a host");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password");
        }
        if (url.getRawFragment() != null) {
            return Optional.of("must not carry a fragment");
        }
        return Optional.empty();
    }

    /** Every address a host resolves to must be allowed: one refused address refuses the host. */
    public static Decision decide(List<InetAddress> addresses, boolean allowPrivate) {
        if (addresses.isEmpty()) {
            return new Decision.Refused("the host has no address");
        }
        for (InetAddress address : addresses) {
            Decision decision = decide(address, allowPrivate);
            if (decision instanceof Decision.Refused) {
                return decision;
            }
        }
        return ALLOWED;
    }

    public static Decision decide(InetAddress address, boolean allowPrivate) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            Optional<byte[]> embedded = embeddedIpv4(bytes);
            if (embedded.isPresent()) {
                return decideIpv4(embedded.get(), address.getHostAddress(), allowPrivate);
            }
            return decideIpv6(bytes, address.getHostAddress(), allowPrivate);
        }
        if (address instanceof Inet4Address) {
            return decideIpv4(bytes, address.getHostAddress(), allowPrivate);
        }
        return new Decision.Refused("unknown address family: " + address.getHostAddress());
    }

    private static Decision decideIpv4(byte[] a, String shown, boolean allowPrivate) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 169 && b1 == 254) {
            return refused(shown, "link-local or cloud metadata (169.254.0.0/16)");
        }
        if (b0 == 100 && b1 == 100 && (a[2] & 0xff) == 100 && (a[3] & 0xff) == 200) {
            return refused(shown, "cloud metadata (100.100.100.200)");
        }
        if (b0 == 0) {
            return refused(shown, "\"this network\" (0.0.0.0/8)");
        }
        if (b0 >= 224) {
            return refused(shown, "multicast, reserved or broadcast (224.0.0.0/3)");
        }
        String privateRange = null;
        if (b0 == 127) {
            privateRange = "loopback (127.0.0.0/8)";
        } else if (b0 == 10) {
            privateRange = "private (10.0.0.0/8)";
        } else if (b0 == 172 && (b1 & 0xf0) == 16) {
            privateRange = "private (172.16.0.0/12)";
        } else if (b0 == 192 && b1 == 168) {
            privateRange = "private (192.168.0.0/16)";
        } else if (b0 == 100 && (b1 & 0xc0) == 64) {
            privateRange = "shared address space (100.64.0.0/10)";
        } else if (b0 == 198 && (b1 & 0xfe) == 18) {
            privateRange = "benchmarking (198.18.0.0/15)";
        } else if (b0 == 192 && b1 == 0 && (a[2] & 0xff) == 0) {
            privateRange = "IETF protocol assignments (192.0.0.0/24)";
        }
        if (privateRange != null && !allowPrivate) {
            return refused(shown, privateRange);
        }
        return ALLOWED;
    }

    private static Decision decideIpv6(byte[] a, String shown, boolean allowPrivate) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (isZero(a, 0, 16)) {
            return refused(shown, "unspecified (::)");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return refused(shown, "link-local (fe80::/10)");
        }
        if (b0 == 0xff) {
            return refused(shown, "multicast (ff00::/8)");
        }
        if (b0 == 0xfd && b1 == 0x00 && (a[2] & 0xff) == 0x0e && (a[3] & 0xff) == 0xc2 && isZero(a, 4, 14)
                && (a[14] & 0xff) == 0x02 && (a[15] & 0xff) == 0x54) {
            return refused(shown, "cloud metadata (fd00:ec2::254)");
        }
        if (b0 == 0x20 && b1 == 0x01 && a[2] == 0 && a[3] == 0) {
            return refused(shown, "Teredo (2001::/32), whose real address is hidden");
        }
        if (b0 == 0x01 && b1 == 0x00 && isZero(a, 2, 8)) {
            return refused(shown, "discard-only (100::/64)");
        }
        String privateRange = null;
        if (isZero(a, 0, 15) && a[15] == 1) {
            privateRange = "loopback (::1)";
        } else if ((b0 & 0xfe) == 0xfc) {
            privateRange = "unique local (fc00::/7)";
        } else if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            privateRange = "site-local (fec0::/10)";
        }
        if (privateRange != null && !allowPrivate) {
            return refused(shown, privateRange);
        }
        return ALLOWED;
    }

    /** The IPv4 address an IPv6 address stands for: mapped, compatible, SIIT, NAT64 (well-known and local-use) or 6to4. */
    static Optional<byte[]> embeddedIpv4(byte[] a) {
        if (isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return Optional.of(java.util.Arrays.copyOfRange(a, 12, 16)); // ::ffff:a.b.c.d
        }
        if (isZero(a, 0, 12) && !isZero(a, 12, 15)) {
            return Optional.of(java.util.Arrays.copyOfRange(a, 12, 16)); // ::a.b.c.d (but not :: or ::1)
        }
        if (a[0] == 0 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && isZero(a, 4, 12)) {
            return Optional.of(java.util.Arrays.copyOfRange(a, 12, 16)); // 64:ff9b::a.b.c.d
        }
        if (a[0] == 0 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && a[4] == 0 && a[5] == 1) {
            return Optional.of(java.util.Arrays.copyOfRange(a, 12, 16)); // 64:ff9b:1::/48 (RFC 8215), last 32 bits
        }
        if (isZero(a, 0, 8) && (a[8] & 0xff) == 0xff && (a[9] & 0xff) == 0xff && a[10] == 0 && a[11] == 0) {
            return Optional.of(java.util.Arrays.copyOfRange(a, 12, 16)); // ::ffff:0:a.b.c.d (SIIT, RFC 6145)
        }
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) {
            return Optional.of(java.util.Arrays.copyOfRange(a, 2, 6)); // 2002:aabb:ccdd::
        }
        return Optional.empty();
    }

    private static boolean isZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Decision refused(String address, String range) {
        return new Decision.Refused(address + " is " + range);
    }

    /** An address written as an IP literal, without a DNS look-up; empty for a host name. */
    public static Optional<InetAddress> literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = h.matches("[0-9.]+");
        boolean v6 = h.contains(":") && h.matches("[0-9A-Fa-f:.%a-zA-Z]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(h)); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}

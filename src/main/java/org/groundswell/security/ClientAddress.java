package org.groundswell.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client's address as Quarkus resolves it: the peer, or, behind a trusted proxy (quarkus.http.proxy.*), the
 * address the proxy forwarded. It is only ever hashed ({@link KeyedHashes}), never stored. An IPv6 client is known
 * by its /64 (one home or machine has a whole /64 to pick addresses from); an IPv4-mapped address by its IPv4.
 * The limits also count an IPv6 client's /48 ({@link #networkOf}): one ordinary site has 65,536 /64s.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return forLimits(remote.hostAddress() != null ? remote.hostAddress() : remote.host());
    }

    /**
     * The /48 an IPv6 client's key ({@link #of}) lies in, as a key of its own ("20010db8abcd::/48"); null for an IPv4
     * client, which has no larger network the limits count.
     */
    public static String networkOf(String clientKey) {
        if (clientKey == null || !clientKey.endsWith("::/64") || clientKey.length() != 16 + 5) {
            return null;
        }
        return clientKey.substring(0, 12) + "::/48";
    }

    static String forLimits(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
            if (bytes.length == 4) {
                return java.net.InetAddress.getByAddress(bytes).getHostAddress(); // IPv4-mapped
            }
            return java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (java.net.UnknownHostException e) {
            return address;
        }
    }
}

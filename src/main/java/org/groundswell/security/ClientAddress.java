package org.groundswell.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client's address as Quarkus resolves it: the peer, or, behind a trusted proxy (quarkus.http.proxy.*), the
 * address the proxy forwarded. It is only ever hashed ({@link KeyedHashes}), never stored.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }
}

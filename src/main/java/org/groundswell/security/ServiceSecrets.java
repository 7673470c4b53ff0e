package org.groundswell.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.Tokens;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Random keys generated once and shared by every replica through the database: the first replica that needs
 * one creates it, the others read the same. Nothing is derived from the admin token.
 */
@ApplicationScoped
public class ServiceSecrets {

    private final SecretRepository secrets;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public ServiceSecrets(SecretRepository secrets) {
        this.secrets = secrets;
    }

    /** The 256-bit key of that name. */
    public byte[] key(String name) {
        return cache.computeIfAbsent(name, n -> Base64.getUrlDecoder().decode(
                QuarkusTransaction.requiringNew().call(() -> secrets.createOrRead(n, Tokens.newToken()))));
    }
}

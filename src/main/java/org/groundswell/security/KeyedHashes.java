package org.groundswell.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.EmailAddresses;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Keyed hashes (HMAC-SHA-256 with keys of the service's own) stored instead of what they stand for: a client's
 * address (for limits and bulk review; the address itself is never stored), a mailbox (for the per-mailbox limit
 * and the suppression list) and an API key (the key itself is shown once and never stored). Without the key, a hash cannot be tested against guessed addresses. The keys are the
 * service's identifier keys ({@link ServiceSecrets#identifierKey}): stored only wrapped under the master secret, and
 * the same across rotations of it, so that a hash stored years ago (a suppressed mailbox) still matches.
 */
@ApplicationScoped
public class KeyedHashes {

    static final String MAILBOX = "mailbox";
    static final String CLIENT_ADDRESS = "client-address";
    static final String API_KEY = "api-key";

    private final ThreadLocal<Mac> clientAddress;
    private final ThreadLocal<Mac> mailbox;
    private final ThreadLocal<Mac> apiKey;

    public KeyedHashes(ServiceSecrets secrets) {
        this.clientAddress = hmac(secrets.identifierKey(CLIENT_ADDRESS));
        this.mailbox = hmac(secrets.identifierKey(MAILBOX));
        this.apiKey = hmac(secrets.identifierKey(API_KEY));
    }

    /**
     * The hash an API key is stored and looked up under: keyed, so that a copy of the table does not let anyone test
     * guesses, and under an identifier key, so that no rotation of the master secret invalidates the keys.
     */
    public String ofApiKey(String key) {
        return hash(apiKey, key);
    }

    public String ofClientAddress(String address) {
        return hash(clientAddress, address);
    }

    /** The hash of the canonical mailbox a normalised address delivers to ({@link EmailAddresses#mailbox}). */
    public String ofMailbox(String normalisedEmail) {
        return hash(mailbox, EmailAddresses.mailbox(normalisedEmail));
    }

    private static String hash(ThreadLocal<Mac> mac, String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** An HMAC-SHA256 of that key, ready for use on each thread (a Mac is not thread-safe, and costly to set up). */
    public static ThreadLocal<Mac> hmac(byte[] key) {
        return ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is always available", e);
            }
        });
    }
}

package org.groundswell.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standard Webhooks signatures: {@code v1,} + base64 of HMAC-SHA256 over {@code id.timestamp.body}, keyed with the
 * secret's bytes (the base64 after {@code whsec_}); several space-separated while a rotated secret is still valid.
 */
public final class WebhookSigner {

    public static final String PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /** A new secret's bytes. */
    public static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** As the receiver is given it: whsec_ and base64. */
    public static String display(byte[] secret) {
        return PREFIX + Base64.getEncoder().encodeToString(secret);
    }

    /** The bytes of a whsec_ secret. */
    public static byte[] decode(String secret) {
        return Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
    }

    /** The webhook-signature header: one v1 signature per secret, in the order given. */
    public static String sign(String messageId, long timestamp, String body, List<byte[]> secrets) {
        return secrets.stream().map(secret -> "v1," + Base64.getEncoder().encodeToString(
                hmac(secret, (messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8))))
                .collect(Collectors.joining(" "));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}

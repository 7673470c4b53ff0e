package org.groundswell.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.Tokens;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Links that act on one signature without a stored token: {@code <id>.<HMAC of purpose and id>}. They never expire
 * (an unsubscribe link must work in a mail read months later) and cost no write when a mail is sent.
 */
@ApplicationScoped
public class SignedLinks {

    public static final String UNSUBSCRIBE = "unsubscribe";
    public static final String REMOVE = "remove";

    private final ThreadLocal<Mac> mac;

    public SignedLinks(ServiceSecrets secrets) {
        this.mac = KeyedHashes.hmac(secrets.key("links"));
    }

    public String token(String purpose, long signatureId) {
        return signatureId + "." + signature(purpose, signatureId);
    }

    /** The signature id a token of that purpose stands for, if the token is ours. */
    public OptionalLong verify(String purpose, String token) {
        if (token == null || token.length() > 100) {
            return OptionalLong.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return OptionalLong.empty();
        }
        long id;
        try {
            id = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        return Tokens.constantTimeEquals(signature(purpose, id), token.substring(dot + 1)) ? OptionalLong.of(id) : OptionalLong.empty();
    }

    private String signature(String purpose, long id) {
        byte[] digest = mac.get().doFinal((purpose + ":" + id).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    }
}

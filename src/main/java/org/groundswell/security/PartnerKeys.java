package org.groundswell.security;

import java.util.Optional;

/**
 * Who an API key belongs to; made by the apikeys package, which builds on this one (as {@link OrganiserTokens} by
 * the organiser package). Asked on every request that carries a key: never cached, so a revoked key stops at once
 * on every replica.
 */
public interface PartnerKeys {

    /** The key, if it is one of ours and not revoked; empty for anything else. */
    Optional<PartnerKey> find(String key);

    /** Whether the token has the shape of an API key ({@code gsk_} and 43 characters of base64url). */
    static boolean looksLikeKey(String token) {
        return token != null && token.length() == PREFIX.length() + 43 && token.startsWith(PREFIX)
                && token.substring(PREFIX.length()).chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }

    /** What every key starts with. */
    String PREFIX = "gsk_";
}

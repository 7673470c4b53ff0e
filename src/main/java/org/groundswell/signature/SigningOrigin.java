package org.groundswell.signature;

import org.groundswell.security.Caller;

/**
 * Where a signature comes from: our own pages and anonymous API calls ({@link #OWN}: no key, no source tag), or a
 * partner system signing with an API key (the key's id and its source tag, stored on the signature as
 * {@code api_key_id} and {@code origin_system}). Under a key, the key's budget stands in for the per-client-address
 * limits: one partner server signs for many people.
 */
public record SigningOrigin(Long apiKeyId, String originSystem) {

    public static final SigningOrigin OWN = new SigningOrigin(null, null);

    public SigningOrigin {
        if ((apiKeyId == null) != (originSystem == null)) {
            throw new IllegalArgumentException("a key and its source tag go together");
        }
    }

    /** The caller's origin: its API key's, or {@link #OWN} for anyone calling without a key. */
    public static SigningOrigin of(Caller caller) {
        return caller.partnerKey().map(key -> new SigningOrigin(key.keyId(), key.originSystem())).orElse(OWN);
    }

    /** Whether a partner's key signs. */
    public boolean isPartner() {
        return apiKeyId != null;
    }
}

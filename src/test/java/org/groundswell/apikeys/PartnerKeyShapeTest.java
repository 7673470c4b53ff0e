package org.groundswell.apikeys;

import org.groundswell.common.Tokens;
import org.groundswell.security.PartnerKeys;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What authentication takes for an API key (and so never for an organiser's token), without Quarkus. */
class PartnerKeyShapeTest {

    @Test
    void aKeyIsGskAnd43CharactersOfBase64Url() {
        String key = PartnerKeys.PREFIX + Tokens.newToken();
        assertTrue(PartnerKeys.looksLikeKey(key), key);
        assertFalse(PartnerKeys.looksLikeKey(Tokens.newToken()), "an organiser's token is no key");
        assertFalse(PartnerKeys.looksLikeKey(key + "x"));
        assertFalse(PartnerKeys.looksLikeKey(key.substring(0, key.length() - 1)));
        assertFalse(PartnerKeys.looksLikeKey("gsk_" + "é".repeat(43)));
        assertFalse(PartnerKeys.looksLikeKey("gsk_" + "+".repeat(43)));
        assertFalse(PartnerKeys.looksLikeKey(null));
    }
}

package org.groundswell.apikeys;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.security.PartnerKey;
import org.groundswell.security.PartnerKeys;

import java.util.Optional;

/** Bearer authentication's look-up of API keys ({@link ApiKeyService#authenticate}). */
@ApplicationScoped
public class ApiKeyPartnerKeys implements PartnerKeys {

    private final ApiKeyService keys;

    public ApiKeyPartnerKeys(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Optional<PartnerKey> find(String key) {
        return keys.authenticate(key);
    }
}

package org.groundswell.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.common.Tokens;
import org.groundswell.config.GroundswellConfig;

/**
 * The operator's bearer token, compared in constant time. Outside dev and test the service refuses to start
 * with a token shorter than {@value #MINIMUM_LENGTH} characters: it guards everything.
 */
@ApplicationScoped
public class AdminToken {

    static final int MINIMUM_LENGTH = 32;

    private final String token;

    public AdminToken(GroundswellConfig config) {
        this.token = config.adminToken();
    }

    void checkOnStart(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL && token.length() < MINIMUM_LENGTH) {
            throw new IllegalStateException("groundswell.admin-token (GROUNDSWELL_ADMIN_TOKEN) must be at least " + MINIMUM_LENGTH
                    + " characters long; it has " + token.length() + ". Generate one, e.g. with: openssl rand -base64 33");
        }
    }

    public boolean matches(String candidate) {
        return candidate != null && Tokens.constantTimeEquals(candidate, token);
    }

    /** Whether an Authorization header carries the admin token. */
    public boolean isIn(String authorizationHeader) {
        String candidate = BearerTokenMechanism.tokenOf(authorizationHeader);
        return !candidate.isEmpty() && matches(candidate);
    }
}

package org.groundswell.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.Tokens;
import org.groundswell.config.GroundswellConfig;

/** The operator's bearer token, compared in constant time. */
@ApplicationScoped
public class AdminToken {

    private static final String BEARER = "bearer ";

    private final String token;

    public AdminToken(GroundswellConfig config) {
        this.token = config.adminToken();
    }

    public boolean matches(String candidate) {
        return candidate != null && Tokens.constantTimeEquals(candidate, token);
    }

    /** Whether an Authorization header carries the admin token. */
    public boolean isIn(String authorizationHeader) {
        return authorizationHeader != null && authorizationHeader.length() > BEARER.length()
                && authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && matches(authorizationHeader.substring(BEARER.length()).strip());
    }
}

package org.groundswell.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The session id of a console cookie, to be checked by {@link SessionIdentityProvider}. */
public class SessionAuthenticationRequest extends BaseAuthenticationRequest {

    private final String sessionId;

    public SessionAuthenticationRequest(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}

package org.groundswell.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * A live console session gives the identity of its person, with the same role names as the bearer tokens: an
 * enabled organiser has role organiser and their id; anyone else signed in is a team member (role member), whose
 * rights come from their teams ({@link org.groundswell.campaign.CampaignAccess}). Both carry their address.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionAuthenticationRequest> {

    /** Present on identities that come from a console session. */
    static final String SESSION = "console-session";

    private final ConsoleSessions sessions;
    private final OrganiserTokens organisers;

    public SessionIdentityProvider(ConsoleSessions sessions, OrganiserTokens organisers) {
        this.sessions = sessions;
        this.organisers = organisers;
    }

    @Override
    public Class<SessionAuthenticationRequest> getRequestType() {
        return SessionAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            String email = sessions.find(request.sessionId())
                    .orElseThrow(() -> new AuthenticationFailedException("The session has ended."));
            Optional<OrganiserTokens.Owner> organiser = organisers.enabledByEmail(email);
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(email))
                    .addAttribute(BearerTokenIdentityProvider.EMAIL, email)
                    .addAttribute(SESSION, Boolean.TRUE);
            if (organiser.isPresent()) {
                identity.addRole(Roles.ORGANISER).addAttribute(BearerTokenIdentityProvider.ORGANISER_ID, organiser.get().id());
            } else {
                identity.addRole(Roles.MEMBER);
            }
            return identity.build();
        });
    }
}

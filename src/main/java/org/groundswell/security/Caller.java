package org.groundswell.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;


import java.util.Optional;

/**
 * Who is calling: anonymous, the admin, or an organiser (with their id and address) through a bearer token, or a
 * partner system through an organiser's API key ({@link #partnerKey()}: no organiser id, no address); in the console
 * (a session cookie, {@link SessionCookieMechanism}) an organiser or a team member, known by their address.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN);
    }

    /** The calling organiser's id; empty for anonymous callers, the admin and API keys (see {@link #partnerKey()}). */
    public Optional<Long> organiserId() {
        return Optional.ofNullable(identity.getAttribute(BearerTokenIdentityProvider.ORGANISER_ID));
    }

    /** The normalised address of the person calling; empty for anonymous callers, the admin and API keys. */
    public Optional<String> email() {
        return Optional.ofNullable(identity.getAttribute(BearerTokenIdentityProvider.EMAIL));
    }

    /** The API key the call is made with (role {@link Roles#PARTNER}); empty for every other caller. */
    public Optional<PartnerKey> partnerKey() {
        return Optional.ofNullable(identity.getAttribute(BearerTokenIdentityProvider.PARTNER_KEY));
    }

    /** Whether a person signed in to the console is calling (a session cookie). */
    public boolean hasSession() {
        return identity.getAttribute(SessionIdentityProvider.SESSION) != null;
    }

    /** For routes that allow only organisers ({@code @RolesAllowed(Roles.ORGANISER)}). */
    public long requireOrganiserId() {
        return organiserId().orElseThrow(() -> new IllegalStateException("route must be @RolesAllowed(organiser)"));
    }
}

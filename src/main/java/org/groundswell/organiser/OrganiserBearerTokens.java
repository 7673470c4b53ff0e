package org.groundswell.organiser;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.security.OrganiserTokens;

import java.util.Optional;

/** Bearer authentication's look-up of organisers' tokens ({@link OrganiserService#authenticate}). */
@ApplicationScoped
public class OrganiserBearerTokens implements OrganiserTokens {

    private final OrganiserService organisers;

    public OrganiserBearerTokens(OrganiserService organisers) {
        this.organisers = organisers;
    }

    @Override
    public Optional<Owner> owner(String bearerToken) {
        return organisers.authenticate(bearerToken).map(organiser -> new Owner(organiser.id, organiser.email));
    }

    @Override
    public Optional<Owner> enabledByEmail(String email) {
        return organisers.findEnabledByEmail(email).map(organiser -> new Owner(organiser.id, organiser.email));
    }
}

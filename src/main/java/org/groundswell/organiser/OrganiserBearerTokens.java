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
    public Optional<Long> organiserId(String bearerToken) {
        return organisers.authenticate(bearerToken).map(organiser -> organiser.id);
    }
}

package org.groundswell.organiser;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.security.OrganiserDisabled;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.groundswell.common.Tokens;
import org.groundswell.common.UnknownResourceException;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
public class OrganiserService {

    private final OrganiserRepository organisers;
    private final Clock clock;
    private final Event<OrganiserDisabled> disabledEvents;

    public OrganiserService(OrganiserRepository organisers, Clock clock, Event<OrganiserDisabled> disabledEvents) {
        this.organisers = organisers;
        this.clock = clock;
        this.disabledEvents = disabledEvents;
    }

    /** Creates an organiser and returns its bearer token: the only time it is ever visible. */
    @Transactional
    public CreatedOrganiser create(String name, String email) {
        String token = Tokens.newToken();
        Organiser organiser = new Organiser();
        organiser.name = name.strip();
        organiser.email = email.strip().toLowerCase(Locale.ROOT);
        organiser.tokenHash = Tokens.hash(token);
        organisers.persist(organiser);
        return new CreatedOrganiser(organiser, token);
    }

    @Transactional
    public Optional<Organiser> findByEmail(String email) {
        return organisers.findByEmail(email.strip().toLowerCase(Locale.ROOT));
    }

    /** The enabled organiser with that (normalised) address, if any. */
    @Transactional
    public Optional<Organiser> findEnabledByEmail(String email) {
        return organisers.findEnabledByEmail(email);
    }

    /** The enabled organiser a bearer token belongs to. */
    @Transactional
    public Optional<Organiser> authenticate(String token) {
        return organisers.findEnabledByTokenHash(Tokens.hash(token));
    }

    /** A new token for the organiser; the old one stops working at once. */
    @Transactional
    public String rotateToken(long organiserId) {
        Organiser organiser = organisers.findByIdOptional(organiserId)
                .orElseThrow(() -> new UnknownResourceException("There is no organiser " + organiserId + "."));
        String token = Tokens.newToken();
        organiser.tokenHash = Tokens.hash(token);
        return token;
    }

    /**
     * Disables an organiser (again: no change): its token stops working and its console sessions end (in the same
     * transaction), its campaigns stay as they are.
     */
    @Transactional
    public Organiser disable(long organiserId) {
        Organiser organiser = organisers.findByIdOptional(organiserId)
                .orElseThrow(() -> new UnknownResourceException("There is no organiser " + organiserId + "."));
        if (organiser.disabledAt == null) {
            organiser.disabledAt = clock.instant();
        }
        disabledEvents.fire(new OrganiserDisabled(organiser.id, organiser.email));
        return organiser;
    }

    public record CreatedOrganiser(Organiser organiser, String token) {
    }
}

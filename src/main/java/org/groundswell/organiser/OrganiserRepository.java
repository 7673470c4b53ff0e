package org.groundswell.organiser;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class OrganiserRepository implements PanacheRepository<Organiser> {

    /** The organiser holding a token, unless the admin disabled them. */
    public Optional<Organiser> findEnabledByTokenHash(String tokenHash) {
        return find("tokenHash = ?1 and disabledAt is null", tokenHash).firstResultOptional();
    }

    /** The first enabled organiser with that address (addresses are not unique: an organiser may be created again). */
    public Optional<Organiser> findEnabledByEmail(String email) {
        return find("email = ?1 and disabledAt is null order by id", email).firstResultOptional();
    }

    public Optional<Organiser> findByEmail(String email) {
        return find("email", email).firstResultOptional();
    }
}

package org.groundswell.organiser;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.common.Tokens;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.problem.ProblemException;

import java.util.Locale;

@ApplicationScoped
public class OrganiserService implements PanacheRepository<Organiser> {

    private static final String BEARER = "bearer ";

    private final GroundswellConfig config;

    public OrganiserService(GroundswellConfig config) {
        this.config = config;
    }

    /** Creates an organiser and returns its bearer token: the only time it is ever visible. */
    @Transactional
    public CreatedOrganiser create(String name, String email) {
        String token = Tokens.newToken();
        Organiser organiser = new Organiser();
        organiser.name = name.strip();
        organiser.email = email.strip().toLowerCase(Locale.ROOT);
        organiser.tokenHash = Tokens.hash(token);
        persist(organiser);
        return new CreatedOrganiser(organiser, token);
    }

    /** The organiser named by an {@code Authorization: Bearer} header, or a 401. */
    public Organiser authenticate(String authorization) {
        String token = bearerToken(authorization);
        return find("tokenHash", Tokens.hash(token)).firstResultOptional()
                .orElseThrow(() -> ProblemException.unauthorized("The bearer token is not valid."));
    }

    public void requireAdmin(String authorization) {
        if (!Tokens.constantTimeEquals(bearerToken(authorization), config.adminToken())) {
            throw ProblemException.unauthorized("This endpoint needs the admin token.");
        }
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ProblemException.unauthorized("Send 'Authorization: Bearer <token>'.");
        }
        return authorization.substring(BEARER.length()).strip();
    }

    public record CreatedOrganiser(Organiser organiser, String token) {
    }
}

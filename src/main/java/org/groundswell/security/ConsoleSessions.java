package org.groundswell.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.groundswell.common.Tokens;
import org.groundswell.config.GroundswellConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sessions of the organisers' console: a random id in a cookie, stored as its SHA-256 hash in the database (shared
 * by the replicas). A session ends when unused for {@code groundswell.console.session-idle}, at the latest
 * {@code groundswell.console.session-lifetime} after signing in, on signing out, and when its person is disabled or
 * removed from a team.
 */
@ApplicationScoped
public class ConsoleSessions {

    /** The last use is written at most this often: a page view is not a write. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final SessionRepository sessions;
    private final Clock clock;
    private final Duration idle;
    private final Duration lifetime;

    public ConsoleSessions(SessionRepository sessions, Clock clock, GroundswellConfig config) {
        this.sessions = sessions;
        this.clock = clock;
        this.idle = config.console().sessionIdle();
        this.lifetime = config.console().sessionLifetime();
    }

    /** A session of its own for the person with that (normalised) address; answers the id for the cookie. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String start(String email) {
        String id = Tokens.newToken();
        sessions.insert(Tokens.hash(id), email, clock.instant());
        return id;
    }

    /** The address of the person a live session belongs to; an expired session is ended. */
    @Transactional
    public Optional<String> find(String id) {
        if (id == null || id.isBlank() || id.length() > 100) {
            return Optional.empty();
        }
        String hash = Tokens.hash(id);
        Optional<SessionRepository.Row> found = sessions.find(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SessionRepository.Row row = found.get();
        Instant now = clock.instant();
        if (!isLive(row.createdAt(), row.lastSeenAt(), now, idle, lifetime)) {
            sessions.delete(hash);
            return Optional.empty();
        }
        if (row.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
            sessions.touch(hash, now);
        }
        return Optional.of(row.email());
    }

    /** Whether a session made and last used at those times is live now. */
    static boolean isLive(Instant createdAt, Instant lastSeenAt, Instant now, Duration idle, Duration lifetime) {
        return now.isBefore(lastSeenAt.plus(idle)) && now.isBefore(createdAt.plus(lifetime));
    }

    /** Signs out: the session ends at once. */
    @Transactional
    public void end(String id) {
        if (id != null && !id.isBlank()) {
            sessions.delete(Tokens.hash(id));
        }
    }

    /** Ends every session of a person ("sign out everywhere", a team member removed, an organiser disabled). */
    @Transactional(Transactional.TxType.REQUIRED)
    public int endAllOf(String email) {
        return sessions.deleteAllOf(email);
    }

    void onOrganiserDisabled(@Observes OrganiserDisabled disabled) {
        endAllOf(disabled.email());
    }

    /** Drops the expired sessions (they no longer sign anyone in already). */
    @Transactional
    public int deleteExpired() {
        Instant now = clock.instant();
        return sessions.deleteExpired(now.minus(idle), now.minus(lifetime));
    }
}

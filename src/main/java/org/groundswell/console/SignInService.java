package org.groundswell.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.common.EmailAddresses;
import org.groundswell.common.Tokens;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;
import org.groundswell.organiser.OrganiserService;
import org.groundswell.security.ConsoleSessions;
import org.groundswell.security.KeyedHashes;
import org.groundswell.team.TeamRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signing in to the console by e-mail: a one-time link, valid {@code groundswell.console.link-lifetime}, mailed
 * only to known people (enabled organisers and team members) and within the limits per mailbox and per client
 * address; the answer is the same whoever asks. Opening the link changes nothing; pressing its button signs in
 * once, with a new session.
 */
@ApplicationScoped
public class SignInService {

    private final SignInRepository links;
    private final OrganiserService organisers;
    private final TeamRepository teams;
    private final ConsoleSessions sessions;
    private final KeyedHashes hashes;
    private final Outbox outbox;
    private final MeterRegistry registry;
    private final Clock clock;
    private final GroundswellConfig.Console settings;
    private final String baseUrl;
    private final boolean jobsEnabled;

    public SignInService(SignInRepository links, OrganiserService organisers, TeamRepository teams, ConsoleSessions sessions,
                         KeyedHashes hashes, Outbox outbox, MeterRegistry registry, Clock clock, GroundswellConfig config) {
        this.links = links;
        this.organisers = organisers;
        this.teams = teams;
        this.sessions = sessions;
        this.hashes = hashes;
        this.outbox = outbox;
        this.registry = registry;
        this.clock = clock;
        this.settings = config.console();
        this.baseUrl = config.publicBaseUrl();
        this.jobsEnabled = config.jobs().enabled();
    }

    /**
     * Mails a sign-in link to the address if it belongs to a known person and neither limit is reached; the link and
     * its mail are written in one transaction (the outbox sends it ahead of bulk mail). Answers false only when the
     * text is not an e-mail address at all: whether a link was sent is never told.
     */
    @Transactional
    public boolean request(String rawEmail, String clientAddress) {
        Optional<String> normalised = EmailAddresses.normalise(rawEmail);
        if (normalised.isEmpty()) {
            return false;
        }
        String email = normalised.get();
        if (!isKnown(email)) {
            registry.counter("groundswell.console.sign.in.requests", "outcome", "unknown").increment();
            return true;
        }
        Instant now = clock.instant();
        String mailboxHash = hashes.ofMailbox(email);
        String clientHash = hashes.ofClientAddress(clientAddress);
        Instant since = now.minus(settings.linkWindow());
        if (links.countByMailbox(mailboxHash, since) >= settings.linksPerMailbox()
                || links.countByClient(clientHash, since) >= settings.linksPerClient()) {
            registry.counter("groundswell.console.sign.in.requests", "outcome", "limited").increment();
            return true;
        }
        String token = Tokens.newToken();
        Instant expiresAt = now.plus(settings.linkLifetime());
        links.insert(Tokens.hash(token), email, mailboxHash, clientHash, now, expiresAt);
        String link = baseUrl + "/organise/sign-in/" + token;
        outbox.enqueue(SignInMails.signIn(email, link, settings.linkLifetime().toMinutes(), expiresAt));
        registry.counter("groundswell.console.sign.in.requests", "outcome", "mailed").increment();
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            Log.infof("Dev mode: sign-in link for %s: %s", email, link);
        }
        return true;
    }

    /** What a link is; opening it changes nothing. */
    @Transactional
    public LinkLookup look(String token) {
        if (!isToken(token)) {
            return new LinkLookup.Unknown();
        }
        return links.find(Tokens.hash(token)).<LinkLookup>map(link -> {
            if (link.usedAt() != null) {
                return new LinkLookup.Used();
            }
            if (!clock.instant().isBefore(link.expiresAt())) {
                return new LinkLookup.Expired();
            }
            return new LinkLookup.Valid(link.email());
        }).orElseGet(LinkLookup.Unknown::new);
    }

    /**
     * Uses the link: once, before it expires, for a person still known. Answers the id of the new session (for the
     * cookie); nothing if the link signs no one in.
     */
    @Transactional
    public Optional<String> signIn(String token) {
        if (!isToken(token)) {
            return Optional.empty();
        }
        return links.use(Tokens.hash(token), clock.instant()).filter(this::isKnown).map(sessions::start);
    }

    /** An enabled organiser or a member of a campaign's team. */
    private boolean isKnown(String email) {
        return organisers.findEnabledByEmail(email).isPresent() || teams.isInAnyTeam(email);
    }

    private static boolean isToken(String token) {
        return token != null && token.length() >= 20 && token.length() <= 100;
    }

    @Scheduled(every = "1h", delayed = "10m", identity = "console-cleanup")
    void hourly() {
        if (jobsEnabled) {
            cleanUp();
        }
    }

    /** Drops links past every limit's window and sessions that ended by expiry. */
    @Transactional
    public void cleanUp() {
        Duration keep = settings.linkWindow().compareTo(settings.linkLifetime()) > 0 ? settings.linkWindow() : settings.linkLifetime();
        links.deleteCreatedBefore(clock.instant().minus(keep).minus(Duration.ofHours(1)));
        sessions.deleteExpired();
    }
}

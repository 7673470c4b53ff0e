package org.groundswell.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signing in to the console by e-mail: a one-time link, valid {@code groundswell.console.link-lifetime}, mailed
 * only to known people (enabled organisers and team members) and within {@link SignInLimits}; the answer is the
 * same whoever asks, and as quick (the look-up and the mail come after it). Opening the link changes nothing;
 * pressing its button signs in once, with a new session.
 */
@ApplicationScoped
public class SignInService {

    /** Requests waiting for the worker at most; beyond, they are dropped (counted) rather than held in memory. */
    static final int QUEUE = 1000;

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
    private final SignInLimits limits;
    /** One thread, first come first served: a request is handled after every one before it. */
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(QUEUE), runnable -> {
        Thread thread = new Thread(runnable, "console-sign-in");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger underway = new AtomicInteger();

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
        this.limits = new SignInLimits(settings.liveLinksPerMailbox(), settings.linksPerMailbox(), settings.linksPerClient());
    }

    /**
     * Takes a request for a sign-in link. Answers at once, false only when the text is not an e-mail address at
     * all; whether a link is sent is never told, nor shown in how long the answer takes: the look-up, the link and
     * its mail are {@link #mailIfKnown made} afterwards on a worker thread, one request after the other, in a
     * transaction of their own.
     */
    public boolean request(String rawEmail, String clientAddress) {
        Optional<String> normalised = EmailAddresses.normalise(rawEmail);
        if (normalised.isEmpty()) {
            return false;
        }
        String email = normalised.get();
        underway.incrementAndGet();
        try {
            worker.execute(() -> {
                try {
                    QuarkusTransaction.requiringNew().run(() -> mailIfKnown(email, clientAddress));
                } catch (RuntimeException e) {
                    registry.counter("groundswell.console.sign.in.requests", "outcome", "failed").increment();
                    Log.warnf("A sign-in request failed (%s)", e.getMessage());
                } finally {
                    underway.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            underway.decrementAndGet();
            registry.counter("groundswell.console.sign.in.requests", "outcome", "dropped").increment();
            Log.warnf("Sign-in requests queue full (%d): one dropped", QUEUE);
        }
        return true;
    }

    /**
     * Mails a sign-in link to the address if it belongs to a known person and {@link SignInLimits} let it; the link
     * and its mail are written in the caller's transaction (the outbox sends it ahead of bulk mail).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void mailIfKnown(String email, String clientAddress) {
        if (!isKnown(email)) {
            registry.counter("groundswell.console.sign.in.requests", "outcome", "unknown").increment();
            return;
        }
        Instant now = clock.instant();
        String mailboxHash = hashes.ofMailbox(email);
        String clientHash = hashes.ofClientAddress(clientAddress);
        Instant since = now.minus(settings.linkWindow());
        links.lockMailbox(mailboxHash);
        SignInLimits.Decision decision = limits.decide(links.countLiveByMailbox(mailboxHash, now),
                links.countByMailbox(mailboxHash, since), links.countByClient(clientHash, since));
        if (decision != SignInLimits.Decision.MAIL) {
            registry.counter("groundswell.console.sign.in.requests", "outcome", "limited").increment();
            return;
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
    }

    /** No request for a link waits or is being handled: every one so far has been mailed, limited or found unknown. */
    public boolean isIdle() {
        return underway.get() == 0;
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
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

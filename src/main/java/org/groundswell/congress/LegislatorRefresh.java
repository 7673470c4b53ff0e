package org.groundswell.congress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.common.InvalidInputException;
import org.groundswell.config.GroundswellConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the members of Congress current from {@code groundswell.congress.source} (the publisher's
 * legislators-current.yaml by default). At start, a database without any member imports the source (one replica
 * imports, the others find it done). Then one replica a day asks the source again, with a conditional GET, and
 * imports a changed file through {@link LegislatorImporter}. An unreachable source or a refused file changes
 * nothing: the last good set stays, a warning is logged and the source is asked again an hour later. The gauge
 * {@code groundswell.congress.data.age} is the time since the data was last imported or confirmed current.
 */
@ApplicationScoped
public class LegislatorRefresh {

    public static final String AGE_GAUGE = "groundswell.congress.data.age";

    private final LegislatorImporter importer;
    private final LegislatorRefreshRepository refreshes;
    private final LegislatorRepository legislators;
    private final GroundswellConfig.Congress settings;
    private final boolean jobsEnabled;
    private final LegislatorSource source;
    private final Clock clock;
    private volatile Instant confirmedAt;

    public LegislatorRefresh(LegislatorImporter importer, LegislatorRefreshRepository refreshes,
                             LegislatorRepository legislators, GroundswellConfig config, Clock clock,
                             MeterRegistry registry) {
        this.importer = importer;
        this.refreshes = refreshes;
        this.legislators = legislators;
        this.settings = config.congress();
        this.jobsEnabled = config.jobs().enabled();
        this.source = new LegislatorSource(settings.source(), settings.timeout());
        this.clock = clock;
        Gauge.builder(AGE_GAUGE, this, refresh -> refresh.freshness().ageSeconds()).baseUnit("seconds")
                .description("Time since the members of Congress were last imported or confirmed current")
                .register(registry);
    }

    /** What a refresh did. */
    public sealed interface Outcome {
        /** The source had a new file, now imported. */
        record Imported(LegislatorImporter.Result counts) implements Outcome {
        }

        /** The source answered that its file has not changed (or the same file): the data is confirmed current. */
        record Unchanged() implements Outcome {
        }

        /** The source was unreachable or its file refused: the members stay as they were. */
        record Kept(String reason) implements Outcome {
        }

        /** Not asked: not due, another replica at it, or no source configured. */
        record NotAsked() implements Outcome {
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (!settings.importOnStart()) {
            return;
        }
        // Off the start-up thread: a slow or unreachable source must not hold up readiness.
        Thread thread = new Thread(this::importIfEmpty, "legislators-at-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** At start: the source's file when no member is stored yet; otherwise only reads how fresh the data is. */
    void importIfEmpty() {
        try {
            if (!source.isNone() && QuarkusTransaction.requiringNew().call(legislators::count) == 0) {
                LegislatorSource.Fetched fetched = source.fetch(LegislatorSource.Validators.NONE);
                if (fetched instanceof LegislatorSource.Fetched.Changed changed) {
                    if (importer.importIfEmpty(changed.body(), origin(changed))) {
                        Log.infof("No members of Congress were stored: imported %s", source.source());
                    }
                } else {
                    String reason = fetched instanceof LegislatorSource.Fetched.Failed failed ? failed.reason() : fetched.toString();
                    Log.warnf("No members of Congress are stored and %s could not be read (%s): representatives are "
                            + "unknown until it can (asked again within %s) or a file is imported", source.source(), reason,
                            settings.checkEvery());
                }
            }
            readFreshness();
            warnIfStale();
        } catch (InvalidInputException e) {
            Log.warnf("No members of Congress are stored and the file of %s was refused: %s", source.source(), e.getMessage());
        } catch (RuntimeException e) {
            Log.warnf(e, "Importing the members of Congress at start failed; the refresh tries again");
        }
    }

    @Scheduled(every = "${groundswell.congress.check-every}", delayed = "1m", identity = "legislator-refresh",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (jobsEnabled) {
            refresh(false);
        }
        readFreshness();
    }

    /** Asks the source now, whether or not it is due (an operator, the tests). */
    public Outcome refreshNow() {
        return refresh(true);
    }

    /** How old the stored members are, as this replica last read it. */
    public RefreshRules.Freshness freshness() {
        return RefreshRules.freshness(confirmedAt, clock.instant(), settings.staleAfter());
    }

    private Outcome refresh(boolean force) {
        if (source.isNone()) {
            return new Outcome.NotAsked();
        }
        Duration lease = settings.timeout().multipliedBy(4).plusMinutes(5);
        Optional<LegislatorRefreshRepository.State> claimed =
                QuarkusTransaction.requiringNew().call(() -> refreshes.claim(force, lease));
        if (claimed.isEmpty()) {
            return new Outcome.NotAsked();
        }
        Outcome outcome = apply(source.fetch(claimed.get().validatorsFor(source.source())));
        readFreshness();
        warnIfStale();
        return outcome;
    }

    private Outcome apply(LegislatorSource.Fetched fetched) {
        if (fetched instanceof LegislatorSource.Fetched.NotModified) {
            QuarkusTransaction.requiringNew().run(() -> refreshes.confirmed(settings.refreshInterval()));
            Log.infof("Members of Congress: %s has not changed", source.source());
            return new Outcome.Unchanged();
        }
        if (fetched instanceof LegislatorSource.Fetched.Failed failed) {
            return kept(source.source() + " could not be read: " + failed.reason());
        }
        LegislatorSource.Fetched.Changed changed = (LegislatorSource.Fetched.Changed) fetched;
        try {
            LegislatorImporter.Result counts = importer.importRefreshed(changed.body(), origin(changed));
            Log.infof("Members of Congress refreshed from %s: %s", source.source(), counts);
            return new Outcome.Imported(counts);
        } catch (InvalidInputException e) {
            return kept("the file of " + source.source() + " was refused: " + e.getMessage());
        } catch (RuntimeException e) {
            return kept("importing the file of " + source.source() + " failed: " + e);
        }
    }

    private Outcome kept(String reason) {
        Log.warnf("Members of Congress kept as they are (asked again in %s): %s", settings.retryInterval(), reason);
        try {
            QuarkusTransaction.requiringNew().run(() -> refreshes.failed(reason, settings.retryInterval()));
        } catch (RuntimeException e) {
            Log.warnf("Could not record the failed refresh: %s", e.toString());
        }
        return new Outcome.Kept(reason);
    }

    private LegislatorImporter.Origin origin(LegislatorSource.Fetched.Changed changed) {
        return new LegislatorImporter.Origin(source.source(), changed.validators(), settings.refreshInterval());
    }

    private void readFreshness() {
        try {
            confirmedAt = QuarkusTransaction.requiringNew().call(refreshes::read).confirmedAt();
        } catch (RuntimeException e) {
            Log.debugf("Could not read how fresh the members of Congress are: %s", e.toString());
        }
    }

    private void warnIfStale() {
        RefreshRules.Freshness freshness = freshness();
        if (freshness.stale() && freshness.age() != null) {
            Log.warnf("The members of Congress were last imported or confirmed current %s ago, more than %s: check that "
                    + "%s can be reached, or import a newer file", freshness.age().withNanos(0), settings.staleAfter(), source.source());
        }
    }
}

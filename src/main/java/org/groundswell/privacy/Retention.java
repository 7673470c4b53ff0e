package org.groundswell.privacy;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;
import org.groundswell.signature.SignatureRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What is kept, and for how long (groundswell.retention.*), run every hour by one replica at a time:
 * signatures that never counted (pending, held, invalidated unconfirmed) are deleted 30 days after they were last
 * signed; the bodies of sent mails (links, names) are cleared after 7 days and those of failed mails after 30, the
 * rows staying for the operator; signers of a campaign closed 180 days ago are
 * anonymised (name, e-mail and postal code wiped; country, state, district and dates kept, so counts stay), and
 * {@link SignaturesErased} tells the packages holding copies (webhook bodies) to drop theirs.
 */
@ApplicationScoped
public class Retention {

    private static final int CHUNK = 5_000;

    private final PrivacyRepository privacy;
    private final SignatureRepository signatures;
    private final Outbox outbox;
    private final GroundswellConfig.Retention settings;
    private final Clock clock;
    private final boolean jobsEnabled;
    private final Event<SignaturesErased> erased;

    public Retention(PrivacyRepository privacy, SignatureRepository signatures, Outbox outbox, GroundswellConfig config,
                     Clock clock, Event<SignaturesErased> erased) {
        this.privacy = privacy;
        this.signatures = signatures;
        this.outbox = outbox;
        this.settings = config.retention();
        this.jobsEnabled = config.jobs().enabled();
        this.clock = clock;
        this.erased = erased;
    }

    public record Report(int unconfirmedDeleted, int bodiesCleared, int anonymised) {
    }

    @Scheduled(every = "1h", delayed = "5m", identity = "retention")
    void hourly() {
        if (jobsEnabled && settings.enabled()) {
            Report report = run(clock.instant());
            Log.infof("Retention: %s", report);
        }
    }

    /** One pass as of {@code now}; does nothing (all zero) while another replica holds the retention lock. */
    public Report run(Instant now) {
        int deleted = inChunks(() -> {
            List<Long> ids = signatures.deleteNeverCountedBefore(now.minus(settings.unconfirmed()), CHUNK);
            outbox.deleteOf(ids);
            return ids.size();
        });
        int cleared = inLock(() -> outbox.clearBodies(now.minus(settings.sentMailBodies()), now.minus(settings.unconfirmed())));
        int anonymised = inChunks(() -> {
            List<Long> ids = privacy.toAnonymise(now.minus(settings.anonymiseAfterClose()), CHUNK);
            outbox.deleteOf(ids);
            if (!ids.isEmpty()) {
                erased.fire(new SignaturesErased(ids));
            }
            return signatures.anonymise(ids, now);
        });
        inLock(() -> outbox.forgetRatesBefore(now.minus(Duration.ofDays(1))));
        return new Report(deleted, cleared, anonymised);
    }

    /** Runs {@code chunk} (each in its own transaction, under the lock) until one does less than a full chunk. */
    private int inChunks(Callable<Integer> chunk) {
        int total = 0;
        int done;
        do {
            done = inLock(chunk);
            total += done;
        } while (done == CHUNK);
        return total;
    }

    /** One transaction under the retention lock; 0 when another replica is at it. */
    private int inLock(Callable<Integer> work) {
        return QuarkusTransaction.requiringNew().call(() -> privacy.tryRetentionLock() ? work.call() : 0);
    }
}

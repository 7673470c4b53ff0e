package org.groundswell.updates;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;
import org.groundswell.mail.OutgoingMail;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Queues an update's mail in chunks, each in a transaction of its own, so that no transaction holds a mail per
 * supporter of a large campaign: a chunk is the campaign's next {@code chunk-size} signature ids (keyset over the
 * (campaign, id) index), and its mails and the update row's {@code queued_through} are written together, so each
 * supporter's mail is queued exactly once, and queuing resumes where it stopped after a crash (on any replica: a
 * chunk takes its update row with FOR UPDATE SKIP LOCKED). The mail goes out at bulk priority, after every
 * confirmation.
 */
@ApplicationScoped
public class UpdateFanOut {

    private final UpdateRepository updates;
    private final Outbox outbox;
    private final GroundswellConfig config;
    private final int chunkSize;
    private final AtomicBoolean runQueued = new AtomicBoolean();
    private ScheduledExecutorService executor;

    public UpdateFanOut(UpdateRepository updates, Outbox outbox, GroundswellConfig config) {
        this.updates = updates;
        this.outbox = outbox;
        this.config = config;
        this.chunkSize = Math.max(1, config.updates().chunkSize());
    }

    void start(@Observes StartupEvent event) {
        if (!config.jobs().enabled()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "update-fan-out");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.updates().queueInterval().toMillis();
        // Also picks up updates a replica left half queued when it stopped or died.
        executor.scheduleWithFixedDelay(this::queueAll, 0, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** An update was posted with chunks left to queue: queue them now rather than at the next interval. */
    public void wake() {
        if (executor != null && runQueued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    runQueued.set(false);
                    queueAll();
                });
            } catch (RuntimeException e) {
                runQueued.set(false); // shutting down
            }
        }
    }

    /** Queues chunk after chunk, each in a transaction of its own, until no update is left queuing. */
    void queueAll() {
        try {
            while (!executor.isShutdown() && QuarkusTransaction.requiringNew().call(this::queueNextChunk)) {
                // next chunk
            }
        } catch (RuntimeException e) {
            Log.warnf("Queuing updates failed (%s); trying again shortly", e.getMessage());
        }
    }

    /** One chunk of the oldest update still queuing (that no other replica is queuing now); false when there is none. */
    boolean queueNextChunk() {
        Optional<UpdateRepository.Update> update = updates.claimQueuing();
        update.ifPresent(this::queueChunk);
        return update.isPresent();
    }

    /** Queues the next chunk of the update's mail and records it on the update row; answers whether it was the last. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean queueChunk(UpdateRepository.Update update) {
        Optional<Long> end = update.lastSignatureId() == null ? Optional.empty()
                : updates.chunkEnd(update.campaignId(), update.queuedThrough(), update.lastSignatureId(), chunkSize);
        if (end.isEmpty()) {
            updates.advance(update.id(), update.queuedThrough(), 0, true);
            return true;
        }
        int queued = outbox.enqueueDeferred(UpdateService.KIND, OutgoingMail.BULK, update.subject(), update.id(),
                updates.supportersOf(update.campaignId(), update.queuedThrough(), end.get()));
        boolean last = end.get() >= update.lastSignatureId();
        updates.advance(update.id(), end.get(), queued, last);
        return last;
    }
}

package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.UnavailableException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.OutboxDispatcher;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for signing. Requests wait in a queue; a few writer threads each take what has gathered (up to
 * {@code batch-size}, waiting at most {@code batch-window} for more) and write it in one transaction with one
 * statement per table. A request is answered when the transaction holding it has committed, so nothing answered
 * 202 is lost. A batch that fails is written again one request at a time, so one bad row fails only itself;
 * when the database is unreachable, every request of the batch hears 503.
 * <p>
 * What a batch writes, and the abuse limits applied to it from what the database holds, is
 * {@link SignatureBatchWriter}'s: this class keeps the queue, the writer threads and the transaction.
 */
@ApplicationScoped
public class SigningBatcher {

    private record Pending(SigningRequest request, CompletableFuture<Void> done, long queuedNanos) {
    }

    private final AgroalDataSource dataSource;
    private final SignatureBatchWriter writer;
    private final OutboxDispatcher dispatcher;
    private final GroundswellConfig.Signing settings;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final List<Thread> writers = new ArrayList<>();
    private final Counter received;
    private final Counter held;
    private final Counter splits;
    private final DistributionSummary batchSizes;
    private final Timer batchWrites;
    private final Timer queueWaits;
    private volatile boolean running;

    public SigningBatcher(AgroalDataSource dataSource, SignatureBatchWriter writer, OutboxDispatcher dispatcher,
                          GroundswellConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.dispatcher = dispatcher;
        this.settings = config.signing();
        this.received = Counter.builder("groundswell.signatures.received").description("New signatures").register(registry);
        this.held = Counter.builder("groundswell.signatures.held").description("New signatures held by a limit").register(registry);
        this.splits = Counter.builder("groundswell.signing.batch.splits")
                .description("Batches that failed and were written again one signature at a time").register(registry);
        this.batchSizes = DistributionSummary.builder("groundswell.signing.batch.size")
                .description("Signatures written per transaction").register(registry);
        this.batchWrites = Timer.builder("groundswell.signing.batch.write")
                .description("Time to write and commit one batch of signatures").register(registry);
        this.queueWaits = Timer.builder("groundswell.signing.queue.wait")
                .description("Time a signature waits for a writer").register(registry);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        for (int i = 0; i < settings.writers(); i++) {
            Thread writer = new Thread(this::writeUntilStopped, "signing-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** After the HTTP server stopped taking requests: what is queued is still written. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Completes when the signature (or the decision that it needs no write) is committed. */
    public CompletionStage<Void> submit(SigningRequest request) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(request, done, System.nanoTime()))) {
            done.completeExceptionally(new UnavailableException("The service is busy or stopping; please sign again in a moment."));
        }
        return done;
    }

    private void writeUntilStopped() {
        while (running || !queue.isEmpty()) {
            try {
                List<Pending> batch = nextBatch();
                if (!batch.isEmpty()) {
                    long taken = System.nanoTime();
                    batch.forEach(p -> queueWaits.record(taken - p.queuedNanos(), TimeUnit.NANOSECONDS));
                    writeAndAnswer(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Log.error("Signing writer failed", e);
            }
        }
    }

    private List<Pending> nextBatch() throws InterruptedException {
        List<Pending> batch = new ArrayList<>();
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        int max = settings.batchSize();
        queue.drainTo(batch, max - batch.size());
        long deadline = System.nanoTime() + settings.batchWindow().toNanos();
        while (batch.size() < max) {
            long wait = deadline - System.nanoTime();
            Pending next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                break;
            }
            batch.add(next);
            queue.drainTo(batch, max - batch.size());
        }
        return batch;
    }

    private void writeAndAnswer(List<Pending> batch) {
        long started = System.nanoTime();
        try {
            write(batch.stream().map(Pending::request).toList());
            batchWrites.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batch.forEach(p -> p.done().complete(null));
            batchSizes.record(batch.size());
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1 || e instanceof SQLException sql && isUnreachable(sql)) {
                RuntimeException failure = failureFor(e);
                batch.forEach(p -> p.done().completeExceptionally(failure));
                return;
            }
            // One bad row must not fail the innocent: each on its own.
            splits.increment();
            Log.warnf("A batch of %d signatures failed (%s); writing them one by one", batch.size(), describe(e));
            for (Pending pending : batch) {
                writeAndAnswer(List.of(pending));
            }
        }
    }

    private void write(List<SigningRequest> requests) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                SignatureBatchWriter.Written written = writer.write(connection, requests);
                connection.commit();
                received.increment(written.received());
                held.increment(written.held());
                if (written.mailed() > 0) {
                    dispatcher.wake();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    /** The database is down, restarting or out of connections: the client may try again shortly. */
    static boolean isUnreachable(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }

    private static RuntimeException failureFor(Exception e) {
        String state = e instanceof SQLException sql ? sql.getSQLState() : null;
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            Log.warnf("A signature was refused by the database: %s", describe(e));
            return new InvalidInputException("This signature could not be stored: one of its values is not acceptable.");
        }
        Log.warnf("Signatures could not be written: %s", describe(e));
        return new UnavailableException("The signature could not be stored right now; please sign again in a moment.");
    }

    /** What went wrong, without the values (a database message may quote the row: names, addresses). */
    private static String describe(Exception e) {
        return e instanceof SQLException sql ? "SQL state " + sql.getSQLState() : e.getClass().getSimpleName();
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}

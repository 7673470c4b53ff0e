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
import org.groundswell.mail.OutgoingMail;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The abuse limits are applied here, on the whole batch, from what the database holds: a signature over a limit
 * is stored as HELD (no mail, not counted), and its answer is the same as any other's.
 */
@ApplicationScoped
public class SigningBatcher {

    static final String ADDRESS_BURST = "ADDRESS_BURST";
    static final String ADDRESS_SUSTAINED = "ADDRESS_SUSTAINED";
    static final String MAILBOX = "MAILBOX";
    static final String SUPPRESSED = "SUPPRESSED";

    private record Pending(SigningRequest request, CompletableFuture<Void> done, long queuedNanos) {
    }

    private final AgroalDataSource dataSource;
    private final SignatureBatchRepository batches;
    private final SupporterMails mails;
    private final OutboxDispatcher dispatcher;
    private final GroundswellConfig.Signing settings;
    private final GroundswellConfig.Limits limits;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final List<Thread> writers = new ArrayList<>();
    private final Counter received;
    private final Counter held;
    private final Counter splits;
    private final DistributionSummary batchSizes;
    private final Timer batchWrites;
    private final Timer queueWaits;
    private volatile boolean running;

    public SigningBatcher(AgroalDataSource dataSource, SignatureBatchRepository batches, SupporterMails mails,
                          OutboxDispatcher dispatcher, GroundswellConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.batches = batches;
        this.mails = mails;
        this.dispatcher = dispatcher;
        this.settings = config.signing();
        this.limits = config.limits();
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
                List<OutgoingMail> mailed = writeBatch(connection, requests);
                connection.commit();
                if (!mailed.isEmpty()) {
                    dispatcher.wake();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    /** Writes the batch on the connection (its transaction open); answers the mails queued. */
    private List<OutgoingMail> writeBatch(Connection connection, List<SigningRequest> requests) throws SQLException {
        // One request per campaign and address (the first: a repeat in the same batch is answered the same), in key
        // order, so that concurrent batches take the unique index's locks in the same order and cannot deadlock.
        Map<String, SigningRequest> unique = new LinkedHashMap<>();
        requests.stream().sorted(Comparator.comparingLong(SigningRequest::campaignId).thenComparing(SigningRequest::email))
                .forEach(r -> unique.putIfAbsent(r.campaignId() + "/" + r.email(), r));
        List<SigningRequest> distinct = List.copyOf(unique.values());

        List<String> limitKeys = new ArrayList<>();
        distinct.forEach(r -> {
            limitKeys.add("address:" + SignatureBatchRepository.addressKey(r.campaignId(), r.clientHash()));
            limitKeys.add("mailbox:" + r.mailboxHash());
        });
        batches.lockLimitKeys(connection, limitKeys);
        Map<String, SigningRequest> byAddress = new LinkedHashMap<>();
        distinct.forEach(r -> byAddress.putIfAbsent(SignatureBatchRepository.addressKey(r.campaignId(), r.clientHash()), r));
        Map<String, SignatureBatchRepository.AddressCount> addressCounts = batches.addressCounts(connection, byAddress.values(),
                limits.addressBurstWindow(), limits.addressSustainedWindow());
        List<String> mailboxes = distinct.stream().map(SigningRequest::mailboxHash).distinct().toList();
        Map<String, Long> mailboxCounts = new HashMap<>(batches.mailboxCounts(connection, mailboxes));
        java.util.Set<String> suppressed = batches.suppressed(connection, mailboxes);
        Map<String, long[]> addressSeen = new HashMap<>();
        List<SignatureBatchRepository.Row> rows = new ArrayList<>(distinct.size());
        for (SigningRequest request : distinct) {
            String key = SignatureBatchRepository.addressKey(request.campaignId(), request.clientHash());
            SignatureBatchRepository.AddressCount before = addressCounts.getOrDefault(key, new SignatureBatchRepository.AddressCount(0, 0));
            long[] seen = addressSeen.computeIfAbsent(key, k -> new long[]{before.burst(), before.sustained()});
            String reason = seen[0] >= limits.addressBurst() ? ADDRESS_BURST
                    : seen[1] >= limits.addressSustained() ? ADDRESS_SUSTAINED
                    : suppressed.contains(request.mailboxHash()) ? SUPPRESSED
                    : mailboxCounts.getOrDefault(request.mailboxHash(), 0L) >= limits.mailboxPerDay() ? MAILBOX : null;
            seen[0]++;
            seen[1]++;
            if (reason == null) {
                mailboxCounts.merge(request.mailboxHash(), 1L, Long::sum);
            }
            rows.add(new SignatureBatchRepository.Row(request, reason == null ? SignatureStatus.PENDING : SignatureStatus.HELD, reason));
        }

        List<SignatureBatchRepository.Inserted> inserted = batches.insertIfAbsent(connection, rows);
        Map<String, SignatureBatchRepository.Row> byKey = new HashMap<>();
        rows.forEach(row -> byKey.put(row.request().campaignId() + "/" + row.request().email(), row));
        ConfirmationMails confirmations = new ConfirmationMails(mails);
        int heldNow = 0;
        for (SignatureBatchRepository.Inserted row : inserted) {
            SignatureBatchRepository.Row written = byKey.remove(row.campaignId() + "/" + row.email());
            if (written.status() == SignatureStatus.HELD) {
                heldNow++;
                continue;
            }
            SigningRequest request = written.request();
            confirmations.add(row.id(), request.email(), request.name(), request.campaignTitle());
        }
        // Signatures that exist already: the same answer. A repeat within the limits (its mail already counted
        // above) sends the confirmation again once per interval, and lets go of a signature an earlier limit held.
        List<SigningRequest> repeats = byKey.values().stream().filter(r -> r.status() == SignatureStatus.PENDING)
                .map(SignatureBatchRepository.Row::request).toList();
        if (!repeats.isEmpty()) {
            Map<Long, String> titles = new HashMap<>();
            repeats.forEach(r -> titles.put(r.campaignId(), r.campaignTitle()));
            for (SignatureBatchRepository.ResendDue due : batches.markResendDue(connection, repeats,
                    settings.confirmationResendInterval(), List.of(ADDRESS_BURST, ADDRESS_SUSTAINED, MAILBOX))) {
                confirmations.add(due.id(), due.email(), due.name(), titles.get(due.campaignId()));
            }
        }
        List<OutgoingMail> outgoing = confirmations.write(connection, batches);
        received.increment(inserted.size());
        held.increment(heldNow);
        return outgoing;
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

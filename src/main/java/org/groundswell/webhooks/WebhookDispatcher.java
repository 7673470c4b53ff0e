package org.groundswell.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.groundswell.common.Periodic;
import org.groundswell.common.Wakeup;
import org.groundswell.config.GroundswellConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers what webhook_delivery holds, on threads of its own (never the request's, never the outbox's): claims a
 * round of due deliveries with FOR UPDATE SKIP LOCKED under a short lease and a claim token of the round, so that
 * several replicas share the work and a dead replica's claims are taken again once the lease (30 s) ends; sends up
 * to {@code concurrency} at once; records each outcome only while the claim is still the round's. Each attempt
 * resolves the host, checks every address against {@link TargetPolicy}, and connects to the checked address.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);
    /** The delivery error of a host name without an address webhooks may reach, whichever the reason. */
    static final String UNREACHABLE_HOST = "not called: the host name does not lead to an address webhooks may reach";

    private final Instance<WebhookRepository> repository;
    private final Instance<WebhookService> service;
    private final WebhooksConfig settings;
    private final GroundswellConfig config;
    private final RetrySchedule schedule;
    private final Counter delivered;
    private final Counter failed;
    private final Counter refused;
    private final Counter gaveUp;
    private final Timer attempts;
    private final AtomicLong pending = new AtomicLong();
    private final Wakeup wakeup;
    private volatile boolean running;
    private Thread thread;
    private ExecutorService senders;
    private BoundedLookup lookup;
    private Periodic gauges;
    private Periodic retention;

    public WebhookDispatcher(Instance<WebhookRepository> repository, Instance<WebhookService> service, WebhooksConfig settings,
                             GroundswellConfig config, TransactionSynchronizationRegistry transactions, MeterRegistry registry) {
        this.repository = repository;
        this.service = service;
        this.settings = settings;
        this.config = config;
        this.wakeup = new Wakeup(transactions);
        this.schedule = new RetrySchedule(settings.retryDelays(), settings.retryIntervalAfter(), settings.giveUpAfter());
        this.delivered = Counter.builder("groundswell.webhooks.deliveries").tag("outcome", "delivered")
                .description("Webhook attempts by outcome").register(registry);
        this.failed = Counter.builder("groundswell.webhooks.deliveries").tag("outcome", "failed")
                .description("Webhook attempts by outcome").register(registry);
        this.refused = Counter.builder("groundswell.webhooks.deliveries").tag("outcome", "refused")
                .description("Webhook attempts by outcome").register(registry);
        this.gaveUp = Counter.builder("groundswell.webhooks.failures").description("Webhook deliveries given up (FAILED)")
                .register(registry);
        this.attempts = Timer.builder("groundswell.webhooks.attempt").description("Time of one webhook attempt")
                .publishPercentileHistogram().register(registry);
        registry.gauge("groundswell.webhooks.pending", pending);
    }

    void start(@Observes StartupEvent event) {
        if (!config.jobs().enabled()) {
            return;
        }
        running = true;
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), runnable -> {
            Thread sender = new Thread(runnable, "webhook-sender-" + n.getAndIncrement());
            sender.setDaemon(true);
            return sender;
        });
        AtomicInteger r = new AtomicInteger();
        // A look-up that hangs keeps its thread until the system resolver gives up, never a sender; at most four per
        // sender hang at once (beyond, an attempt is refused as too slow and retried later, like a timeout).
        lookup = new BoundedLookup(InetAddress::getAllByName, new java.util.concurrent.ThreadPoolExecutor(0,
                4 * Math.max(1, settings.concurrency()), 60, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), runnable -> {
                    Thread resolver = new Thread(runnable, "webhook-lookup-" + r.getAndIncrement());
                    resolver.setDaemon(true);
                    return resolver;
                }));
        thread = new Thread(this::dispatchUntilStopped, "webhook-dispatcher");
        thread.setDaemon(true);
        thread.start();
        gauges = Periodic.start("webhook-gauges", GAUGE_REFRESH,
                () -> pending.set(QuarkusTransaction.requiringNew().call(() -> repository.get().countByStatus(WebhookRepository.PENDING))));
        // Idempotent, so every replica may run it.
        retention = Periodic.start("webhook-retention", Duration.ofHours(1), () -> QuarkusTransaction.requiringNew().run(() ->
                repository.get().deleteFinishedBefore(Instant.now().minus(settings.keepDeliveries()))));
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (gauges != null) {
            gauges.close();
            retention.close();
        }
        wakeup.now();
        if (thread != null) {
            thread.join(settings.timeout().plusSeconds(5).toMillis());
        }
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    /** A delivery was queued: look now, once the transaction that queued it has committed. */
    public void wake() {
        wakeup.afterCommit();
    }

    private void dispatchUntilStopped() {
        while (running) {
            Round round = new Round(0, 0);
            try {
                round = deliverRound();
            } catch (RuntimeException e) {
                Log.warnf("Webhook round failed (%s); trying again shortly", e.getMessage());
            }
            boolean more = round.claimed() >= settings.batchSize() || round.handedBack() > 0;
            if (!more && !wakeup.sleepUntilWokenOr(settings.pollInterval(), () -> running)) {
                running = false;
            }
        }
    }

    /** What a round did: deliveries claimed, and those handed back untried for want of lease left. */
    record Round(int claimed, int handedBack) {
    }

    /**
     * One round: claim under a lease, attempt outside any transaction, record each outcome. Every attempt is over
     * before the lease ends ({@link AttemptBudget}): one that could not start in time is handed back untried for the
     * next round, rather than sent while another replica may take it too.
     */
    Round deliverRound() {
        UUID token = UUID.randomUUID();
        AttemptBudget budget = new AttemptBudget(System.nanoTime(), settings.lease(), settings.timeout());
        List<WebhookRepository.Claimed> claimed = QuarkusTransaction.requiringNew()
                .call(() -> repository.get().claimDue(settings.batchSize(), settings.lease(), token));
        AtomicInteger handedBack = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (WebhookRepository.Claimed delivery : claimed) {
            running.add(senders.submit(() -> {
                long now = System.nanoTime();
                if (!budget.mayStart(now)) {
                    QuarkusTransaction.requiringNew().run(() -> repository.get().release(delivery.id(), token));
                    handedBack.incrementAndGet();
                    return;
                }
                attempt(delivery, token, budget.attemptDeadline(now));
            }));
        }
        for (Future<?> future : running) {
            try {
                future.get(Math.max(1, budget.roundEnd() - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                future.cancel(true);
                Log.warnf("A webhook attempt outlived its round's lease and was stopped");
            } catch (Exception e) {
                Log.warnf("A webhook attempt did not finish cleanly: %s", e.toString());
            }
        }
        if (handedBack.get() > 0) {
            Log.debugf("Webhook round handed back %d of %d deliveries for want of lease left", handedBack.get(), claimed.size());
        }
        return new Round(claimed.size(), handedBack.get());
    }

    private void attempt(WebhookRepository.Claimed delivery, UUID token, long deadline) {
        long started = System.nanoTime();
        try {
            URI url = URI.create(delivery.url());
            boolean allowPrivate = settings.allowPrivateTargets();
            Optional<String> badUrl = TargetPolicy.checkUrl(url, allowPrivate);
            if (badUrl.isPresent()) {
                refuse(delivery, token, "the URL " + badUrl.get());
                return;
            }
            List<InetAddress> addresses;
            Optional<InetAddress> literal = TargetPolicy.literal(url.getHost());
            try {
                addresses = literal.isPresent() ? List.of(literal.get())
                        : lookup.resolve(url.getHost(), Duration.ofNanos(deadline - System.nanoTime()));
            } catch (UnknownHostException e) {
                // The delivery list shows the error to the organiser: the same words as a refused address.
                Log.infof("Webhook delivery %d to endpoint %d: host %s has no address", delivery.id(), delivery.endpointId(),
                        url.getHost());
                fail(delivery, token, null, UNREACHABLE_HOST, Optional.empty());
                return;
            } catch (BoundedLookup.TooSlow e) {
                fail(delivery, token, null, "the look-up of the host " + url.getHost() + " took too long", Optional.empty());
                return;
            }
            if (TargetPolicy.decide(addresses, allowPrivate) instanceof TargetPolicy.Decision.Refused r) {
                if (literal.isPresent()) {
                    refuse(delivery, token, "not called: " + r.reason());
                } else {
                    // What a name resolves to is the operator's network: in the log, not in the organiser's delivery list.
                    Log.warnf("Webhook delivery %d to endpoint %d refused: host %s resolves to %s", delivery.id(),
                            delivery.endpointId(), url.getHost(), r.reason());
                    refuse(delivery, token, UNREACHABLE_HOST);
                }
                return;
            }
            Instant now = Instant.now();
            List<byte[]> secrets = service.get().signingSecrets(delivery, now);
            if (secrets.isEmpty()) {
                fail(delivery, token, null, "its secret is encrypted under a master secret this service does not have", Optional.empty());
                return;
            }
            long timestamp = now.getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("User-Agent", "Groundswell-Webhooks");
            headers.put("webhook-id", delivery.messageId());
            headers.put("webhook-timestamp", String.valueOf(timestamp));
            headers.put("webhook-signature", WebhookSigner.sign(delivery.messageId(), timestamp, delivery.payload(), secrets));
            // The first checked address, connected to directly: a second look-up cannot swap it.
            PinnedHttp.Answer answer = PinnedHttp.post(url, addresses.get(0), headers, delivery.payload(), deadline);
            if (answer.status() >= 200 && answer.status() < 300) {
                QuarkusTransaction.requiringNew().run(() -> repository.get().markDelivered(delivery.id(), token, answer.status()));
                delivered.increment();
            } else if (answer.status() == 410) {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (repository.get().markFailed(delivery.id(), token, 410, "410 Gone: the endpoint is disabled", Optional.empty())) {
                        repository.get().disable(delivery.endpointId(), "the receiver answered 410 Gone");
                    }
                });
                failed.increment();
                Log.infof("Webhook endpoint %d answered 410 Gone and is disabled", delivery.endpointId());
            } else {
                fail(delivery, token, answer.status(), "HTTP " + answer.status(),
                        RetrySchedule.parseRetryAfter(answer.header("Retry-After"), Instant.now()));
            }
        } catch (IOException | RuntimeException e) {
            fail(delivery, token, null, e.getClass().getSimpleName() + ": " + e.getMessage(), Optional.empty());
        } finally {
            attempts.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private void refuse(WebhookRepository.Claimed delivery, UUID token, String reason) {
        refused.increment();
        if (!reason.equals(UNREACHABLE_HOST)) {
            Log.warnf("Webhook delivery %d to endpoint %d refused: %s", delivery.id(), delivery.endpointId(), reason);
        }
        record(delivery, token, null, reason, Optional.empty());
    }

    private void fail(WebhookRepository.Claimed delivery, UUID token, Integer status, String error, Optional<Duration> retryAfter) {
        failed.increment();
        record(delivery, token, status, error, retryAfter);
    }

    private void record(WebhookRepository.Claimed delivery, UUID token, Integer status, String error, Optional<Duration> retryAfter) {
        Optional<Instant> next = schedule.next(delivery.attempts(), delivery.createdAt(), Instant.now(), retryAfter);
        if (next.isEmpty()) {
            gaveUp.increment();
        }
        QuarkusTransaction.requiringNew().run(() -> repository.get().markFailed(delivery.id(), token, status, error, next));
    }
}

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
import java.util.Arrays;
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
            int claimed = 0;
            try {
                claimed = deliverRound();
            } catch (RuntimeException e) {
                Log.warnf("Webhook round failed (%s); trying again shortly", e.getMessage());
            }
            if (claimed < settings.batchSize() && !wakeup.sleepUntilWokenOr(settings.pollInterval(), () -> running)) {
                running = false;
            }
        }
    }

    /** One round: claim under a lease, attempt outside any transaction, record each outcome. Answers how many were claimed. */
    int deliverRound() {
        UUID token = UUID.randomUUID();
        List<WebhookRepository.Claimed> claimed = QuarkusTransaction.requiringNew()
                .call(() -> repository.get().claimDue(settings.batchSize(), settings.lease(), token));
        List<Future<?>> running = new ArrayList<>();
        for (WebhookRepository.Claimed delivery : claimed) {
            running.add(senders.submit(() -> attempt(delivery, token)));
        }
        for (Future<?> future : running) {
            try {
                future.get(settings.lease().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                Log.warnf("A webhook attempt did not finish cleanly: %s", e.toString());
            }
        }
        return claimed.size();
    }

    private void attempt(WebhookRepository.Claimed delivery, UUID token) {
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
            try {
                addresses = TargetPolicy.literal(url.getHost()).map(List::of)
                        .orElse(Arrays.asList(InetAddress.getAllByName(url.getHost())));
            } catch (UnknownHostException e) {
                fail(delivery, token, null, "the host " + url.getHost() + " has no address", Optional.empty());
                return;
            }
            if (TargetPolicy.decide(addresses, allowPrivate) instanceof TargetPolicy.Decision.Refused r) {
                refuse(delivery, token, "not called: " + r.reason());
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
            PinnedHttp.Answer answer = PinnedHttp.post(url, addresses.get(0), headers, delivery.payload(), settings.timeout());
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
        Log.warnf("Webhook delivery %d to endpoint %d refused: %s", delivery.id(), delivery.endpointId(), reason);
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

package org.groundswell.mail;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.groundswell.common.Periodic;
import org.groundswell.config.GroundswellConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends what the outbox holds, on a thread of its own: claims a batch (most urgent first: confirmations, then
 * steps and notices, then bulk updates) with FOR UPDATE SKIP LOCKED, so several replicas share the work; sends up
 * to {@code concurrency} mails at once over the mailer's pooled connections; records the sent ones with one
 * statement; retries failures with exponential backoff, then marks them FAILED. It loops while mail is due and
 * otherwise sleeps until new mail wakes it (or the poll interval passes).
 */
@ApplicationScoped
public class OutboxDispatcher {

    /** How long a claimed row waits before another round may take it, should its sender die. */
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(1);

    private final OutboxRepository messages;
    private final Instance<DeferredBodies> renderers;
    private final ReactiveMailer mailer;
    private final GroundswellConfig.Outbox settings;
    private final GroundswellConfig config;
    private final Backoff backoff;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger roundsUnderway = new AtomicInteger();
    private final Timer confirmationDelay;
    private final Timer claims;
    private final Timer sends;
    private final TransactionSynchronizationRegistry transactions;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private final List<Thread> threads = new ArrayList<>();
    private Periodic gauges;

    public OutboxDispatcher(OutboxRepository messages, Instance<DeferredBodies> renderers, ReactiveMailer mailer,
                            GroundswellConfig config, MeterRegistry registry,
                            TransactionSynchronizationRegistry transactions) {
        this.messages = messages;
        this.transactions = transactions;
        this.renderers = renderers;
        this.mailer = mailer;
        this.config = config;
        this.settings = config.outbox();
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        registry.gauge("groundswell.outbox.depth", depth);
        registry.gauge("groundswell.outbox.failed", failed);
        this.confirmationDelay = Timer.builder("groundswell.confirmation.delay")
                .description("From a signature to its confirmation mail leaving")
                .publishPercentileHistogram().register(registry);
        this.claims = Timer.builder("groundswell.outbox.claim")
                .description("Time to claim a round of due mail").register(registry);
        this.sends = Timer.builder("groundswell.outbox.send")
                .description("Time to send a round of claimed mail").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.jobs().enabled()) {
            return;
        }
        running = true;
        // Two rounds at once: one claims and records while the other's mails are on the wire.
        for (int i = 0; i < Math.max(1, settings.dispatchers()); i++) {
            Thread thread = new Thread(this::dispatchUntilStopped, "outbox-dispatcher-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        // The gauges are counted on a thread of their own, not between rounds of sending.
        gauges = Periodic.start("outbox-gauges", GAUGE_REFRESH, this::refreshGauges);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (gauges != null) {
            gauges.close();
        }
        signal();
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(15).toMillis());
        }
    }

    /**
     * New mail is in the outbox: look now rather than at the next poll. Inside a transaction, once it has committed
     * (before, a round would not see the mail yet and go back to sleep).
     */
    public void wake() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            signal();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    signal();
                }
            }
        });
    }

    /**
     * One round now, on the calling thread, beside the dispatcher's own: sends what is due (up to a batch) and
     * answers how many mails went out. An operator's "send now"; tests drive the outbox to a standstill with it.
     */
    public int runOnce() {
        return sendRound().sent();
    }

    /** No round is under way on any thread: every mail claimed so far has been sent or handed back to the outbox. */
    public boolean isIdle() {
        return roundsUnderway.get() == 0;
    }

    private void signal() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void dispatchUntilStopped() {
        while (running) {
            int claimed = 0;
            try {
                claimed = sendRound().claimed();
            } catch (RuntimeException e) {
                Log.warnf("Outbox round failed (%s); trying again shortly", e.getMessage());
            }
            if (claimed < settings.batchSize()) {
                sleepUntilWokenOr(settings.pollInterval());
            }
        }
    }

    private void sleepUntilWokenOr(Duration timeout) {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(Math.max(1, timeout.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /**
     * One round: claim under a lease in a short transaction, send outside any transaction, record the outcomes.
     * A replica that dies mid-round leaves its rows to be sent again when the lease ends: mail is sent at least
     * once, and a slow SMTP server never holds a transaction open. Answers how many rows were claimed and sent.
     */
    Round sendRound() {
        roundsUnderway.incrementAndGet();
        try {
            return round();
        } finally {
            roundsUnderway.decrementAndGet();
        }
    }

    /** What one round did: rows claimed, and of those, mails that went out. */
    record Round(int claimed, int sent) {
    }

    private Round round() {
        long started = System.nanoTime();
        List<OutboxRepository.Claimed> claimed = QuarkusTransaction.requiringNew()
                .call(() -> messages.claimDue(settings.batchSize(), LEASE));
        if (claimed.isEmpty()) {
            return new Round(0, 0);
        }
        List<OutboxRepository.Claimed> sendable = withBodies(withinConfirmationAllowance(claimed));
        long claimedAt = System.nanoTime();
        claims.record(claimedAt - started, TimeUnit.NANOSECONDS);
        List<Outcome> outcomes = Multi.createFrom().iterable(sendable)
                .onItem().transformToUni(this::send).merge(Math.max(1, settings.concurrency()))
                .collect().asList()
                .await().atMost(Duration.ofMinutes(2));
        sends.record(System.nanoTime() - claimedAt, TimeUnit.NANOSECONDS);
        List<Long> sent = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            OutboxRepository.Claimed message = outcome.message();
            if (outcome.failure() == null) {
                sent.add(message.id());
                if ("CONFIRMATION".equals(message.kind())) {
                    confirmationDelay.record(Duration.between(message.createdAt(), Instant.now()));
                }
            } else {
                QuarkusTransaction.requiringNew().run(() -> recordFailure(message, outcome.failure()));
            }
        }
        if (!sent.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> messages.markSent(sent));
        }
        return new Round(claimed.size(), sent.size());
    }

    /** Renders the deferred bodies (updates); what is not to be sent any more is cancelled. */
    private List<OutboxRepository.Claimed> withBodies(List<OutboxRepository.Claimed> claimed) {
        List<OutboxRepository.Claimed> deferred = claimed.stream().filter(OutboxRepository.Claimed::isDeferred).toList();
        if (deferred.isEmpty()) {
            return claimed;
        }
        Map<Long, DeferredBodies.Rendered> rendered = renderers.isResolvable()
                ? QuarkusTransaction.requiringNew().call(() -> renderers.get().render(deferred)) : Map.of();
        List<Long> cancelled = deferred.stream().map(OutboxRepository.Claimed::id).filter(id -> !rendered.containsKey(id)).toList();
        if (!cancelled.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> messages.cancel(cancelled));
        }
        return claimed.stream().filter(m -> !cancelled.contains(m.id()))
                .map(m -> m.isDeferred() ? m.withBodies(rendered.get(m.id())) : m).toList();
    }

    /** The operator's circuit breaker: confirmations over this minute's allowance wait for the next minute. */
    private List<OutboxRepository.Claimed> withinConfirmationAllowance(List<OutboxRepository.Claimed> claimed) {
        List<OutboxRepository.Claimed> confirmations = claimed.stream().filter(m -> "CONFIRMATION".equals(m.kind())).toList();
        if (confirmations.isEmpty()) {
            return claimed;
        }
        int granted = QuarkusTransaction.requiringNew().call(() ->
                messages.takeConfirmationAllowance(confirmations.size(), config.limits().confirmationsPerMinute()));
        if (granted == confirmations.size()) {
            return claimed;
        }
        List<Long> waiting = confirmations.subList(granted, confirmations.size()).stream().map(OutboxRepository.Claimed::id).toList();
        QuarkusTransaction.requiringNew().run(() -> messages.release(waiting, messages.nextMinute()));
        Log.warnf("Confirmation mail is over its limit of %d a minute: %d wait for the next minute",
                config.limits().confirmationsPerMinute(), waiting.size());
        return claimed.stream().filter(m -> !waiting.contains(m.id())).toList();
    }

    /** A message and what became of it: {@code failure} is null when it went out. */
    private record Outcome(OutboxRepository.Claimed message, Throwable failure) {
    }

    private Uni<Outcome> send(OutboxRepository.Claimed message) {
        Mail mail = Mail.withHtml(message.recipient(), Outbox.headerSafe(message.subject()), message.htmlBody())
                .setText(message.textBody());
        if (message.listUnsubscribe() != null) {
            // RFC 2369 and RFC 8058: one-click unsubscribe for mail clients and providers.
            mail.addHeader("List-Unsubscribe", "<" + message.listUnsubscribe() + ">");
            mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        Duration timeout = settings.sendTimeout();
        return mailer.send(mail).onItem().transform(ok -> new Outcome(message, null))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer from the SMTP server in " + timeout))
                .onFailure().recoverWithItem(e -> new Outcome(message, e));
    }

    private void recordFailure(OutboxRepository.Claimed message, Throwable e) {
        // SMTP servers quote the recipient in their errors: the address stays out of logs and last_error.
        String error = String.valueOf(e.getMessage()).replaceAll("[^\\s<>\"']+@[^\\s<>\"']+", "<address>");
        error = error.length() > 1000 ? error.substring(0, 1000) : error;
        if (message.attempts() >= settings.maxAttempts()) {
            messages.giveUp(message.id(), error);
            Log.errorf("Mail %d (%s) failed %d times and is given up: %s", message.id(), message.kind(), message.attempts(), error);
        } else {
            Duration wait = backoff.after(message.attempts());
            messages.retryLater(message.id(), error, wait);
            Log.warnf("Mail %d (%s) failed (attempt %d), retrying in %s: %s", message.id(), message.kind(), message.attempts(),
                    wait, error);
        }
    }

    private void refreshGauges() {
        QuarkusTransaction.requiringNew().run(() -> {
            depth.set(messages.countByStatus(OutboxStatus.PENDING));
            failed.set(messages.countByStatus(OutboxStatus.FAILED));
        });
    }
}

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
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.groundswell.common.Periodic;
import org.groundswell.common.Wakeup;
import org.groundswell.config.GroundswellConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends what the outbox holds, on a thread of its own: claims a batch (most urgent first: confirmations, then
 * steps and notices, then bulk updates) with FOR UPDATE SKIP LOCKED, so several replicas share the work; sends up
 * to {@code concurrency} mails at once over the mailer's pooled connections; records the sent ones as they go, one
 * statement for those that went out meanwhile; retries failures with exponential backoff, then marks them FAILED. It loops while mail is due and
 * otherwise sleeps until new mail wakes it (or the poll interval passes).
 * <p>
 * A crash costs little: a round holds its mails under a short {@link Lease} (15 s) that its own thread renews while
 * the round runs, so the mails of a replica that died are claimed again within the lease and a poll; and it records
 * each mail as sent as soon as the SMTP server took it (group-committed with the others that went out meanwhile),
 * a send slot being freed only then, so a crash sends again at most the mails that were on the wire:
 * {@code dispatchers × concurrency} per replica.
 */
@ApplicationScoped
public class OutboxDispatcher {

    /** How long a claimed row waits before another round may take it, should its sender die; renewed meanwhile. */
    private static final Lease LEASE = Lease.STANDARD;
    /** A round that takes longer stops starting sends; what it did not record comes back when its lease runs out. */
    private static final Duration ROUND_LIMIT = Duration.ofMinutes(2);
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
    private final Wakeup wakeup;
    private volatile boolean running;
    private final List<Thread> threads = new ArrayList<>();
    private Periodic gauges;

    public OutboxDispatcher(OutboxRepository messages, Instance<DeferredBodies> renderers, ReactiveMailer mailer,
                            GroundswellConfig config, MeterRegistry registry,
                            TransactionSynchronizationRegistry transactions) {
        this.messages = messages;
        this.wakeup = new Wakeup(transactions);
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
        wakeup.now();
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(15).toMillis());
        }
    }

    /**
     * New mail is in the outbox: look now rather than at the next poll. Inside a transaction, once it has committed
     * (before, a round would not see the mail yet and go back to sleep).
     */
    public void wake() {
        wakeup.afterCommit();
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
        if (!wakeup.sleepUntilWokenOr(timeout, () -> running)) {
            running = false;
        }
    }

    /**
     * One round: claim under a lease in a short transaction, send outside any transaction, record each outcome as
     * it comes (this thread, between renewals of the lease). A replica that dies mid-round leaves its rows to be sent
     * again when the lease ends: mail is sent at least once, and a slow SMTP server never holds a transaction open.
     * Answers how many rows were claimed and sent.
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
        long token = ThreadLocalRandom.current().nextLong();
        List<OutboxRepository.Claimed> claimed = QuarkusTransaction.requiringNew()
                .call(() -> messages.claimDue(settings.batchSize(), LEASE.length(), token));
        if (claimed.isEmpty()) {
            return new Round(0, 0);
        }
        RoundClaims round = new RoundClaims(token, claimed.stream().map(OutboxRepository.Claimed::id).toList(), LEASE, started);
        List<OutboxRepository.Claimed> sendable = withBodies(withinConfirmationAllowance(claimed));
        if (sendable.size() < claimed.size()) {
            List<Long> kept = sendable.stream().map(OutboxRepository.Claimed::id).toList();
            round.done(claimed.stream().map(OutboxRepository.Claimed::id).filter(id -> !kept.contains(id)).toList());
        }
        long claimedAt = System.nanoTime();
        claims.record(claimedAt - started, TimeUnit.NANOSECONDS);
        BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        AtomicInteger sentCount = new AtomicInteger();
        Cancellable sending = Multi.createFrom().iterable(sendable)
                .onItem().transformToUni(message -> sendWhileHeld(message, round, outcomes))
                .merge(Math.max(1, settings.concurrency()))
                .subscribe().with(ignored -> {
                }, failure -> outcomes.add(Outcome.END), () -> outcomes.add(Outcome.END));
        try {
            recordUntilDone(round, outcomes, claimedAt + ROUND_LIMIT.toNanos(), sentCount);
        } finally {
            sending.cancel();
            handBackUnstarted(round);
        }
        sends.record(System.nanoTime() - claimedAt, TimeUnit.NANOSECONDS);
        return new Round(claimed.size(), sentCount.get());
    }

    /**
     * Sends the message unless the round no longer holds it (lost to another round, lease run out, shutting down);
     * completes once its outcome is recorded, so that a send slot frees only then.
     */
    private Uni<Void> sendWhileHeld(OutboxRepository.Claimed message, RoundClaims round, BlockingQueue<Outcome> outcomes) {
        if (!running || !round.start(message.id(), System.nanoTime())) {
            return Uni.createFrom().voidItem();
        }
        return send(message).onItem().transformToUni(outcome -> {
            outcomes.add(outcome);
            return Uni.createFrom().completionStage(outcome.recorded());
        });
    }

    /**
     * The round's thread until every send of the round has ended: records the outcomes that arrived, in one statement
     * for the sent ones (a failed statement is tried again: the slots stay taken meanwhile, so no more mail leaves
     * unrecorded), and renews the lease when due.
     */
    private void recordUntilDone(RoundClaims round, BlockingQueue<Outcome> outcomes, long deadline, AtomicInteger sentCount) {
        List<Outcome> unrecorded = new ArrayList<>();
        boolean ended = false;
        while (!ended || !unrecorded.isEmpty()) {
            long now = System.nanoTime();
            if (now - deadline > 0) {
                Log.warnf("Outbox round still sending after %s: its %d unrecorded mails come back when its lease ends",
                        ROUND_LIMIT, round.toRenew().size());
                return;
            }
            if (round.renewalDue(now)) {
                renew(round, now);
            }
            try {
                long wait = unrecorded.isEmpty() ? Math.max(1, round.untilRenewal(System.nanoTime()).toMillis()) : 200;
                Outcome first = outcomes.poll(Math.min(wait, 1000), TimeUnit.MILLISECONDS);
                if (first != null) {
                    unrecorded.add(first);
                    outcomes.drainTo(unrecorded);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (unrecorded.removeIf(outcome -> outcome == Outcome.END)) {
                ended = true;
            }
            if (!unrecorded.isEmpty() && record(round, unrecorded, sentCount)) {
                unrecorded.forEach(outcome -> outcome.recorded().complete(null));
                unrecorded.clear();
            }
        }
    }

    /** Writes what became of these mails; answers false when the database could not be written (try again). */
    private boolean record(RoundClaims round, List<Outcome> batch, AtomicInteger sentCount) {
        try {
            List<Long> sent = new ArrayList<>();
            for (Outcome outcome : batch) {
                OutboxRepository.Claimed message = outcome.message();
                if (outcome.failure() == null) {
                    sent.add(message.id());
                    if ("CONFIRMATION".equals(message.kind())) {
                        confirmationDelay.record(Duration.between(message.createdAt(), Instant.now()));
                    }
                } else if (!round.isLost(message.id())) {
                    QuarkusTransaction.requiringNew().run(() -> recordFailure(message, outcome.failure()));
                }
            }
            if (!sent.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> messages.markSent(sent));
                sentCount.addAndGet(sent.size());
            }
            round.done(batch.stream().map(outcome -> outcome.message().id()).toList());
            return true;
        } catch (RuntimeException e) {
            Log.warnf("Recording %d sent mails failed (%s); trying again", batch.size(), e.getMessage());
            return false;
        }
    }

    private void renew(RoundClaims round, long now) {
        List<Long> asked = round.toRenew();
        try {
            List<Long> renewed = QuarkusTransaction.requiringNew().call(() -> messages.renew(round.token(), asked, LEASE.length()));
            var lost = round.renewed(asked, renewed, now);
            if (!lost.isEmpty()) {
                Log.warnf("Outbox round lost %d mails to another round (its lease had run out); it will not send them", lost.size());
            }
        } catch (RuntimeException e) {
            round.renewalFailed(now);
            Log.warnf("Renewing the outbox lease failed (%s); trying again", e.getMessage());
        }
    }

    /** Mails the round held and never sent (it is stopping) go back at once, uncharged, rather than at the lease's end. */
    private void handBackUnstarted(RoundClaims round) {
        List<Long> unstarted = round.unstarted(System.nanoTime());
        if (unstarted.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> messages.release(unstarted, Instant.now()));
            round.done(unstarted);
        } catch (RuntimeException e) {
            Log.warnf("Handing back %d unsent mails failed (%s); they come back when the lease ends", unstarted.size(),
                    e.getMessage());
        }
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

    /**
     * A message and what became of it: {@code failure} is null when it went out; {@code recorded} completes once
     * that is written.
     */
    private record Outcome(OutboxRepository.Claimed message, Throwable failure, CompletableFuture<Void> recorded) {

        /** The last of a round's outcomes has arrived. */
        static final Outcome END = new Outcome(null, null, null);

        Outcome(OutboxRepository.Claimed message, Throwable failure) {
            this(message, failure, new CompletableFuture<>());
        }
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

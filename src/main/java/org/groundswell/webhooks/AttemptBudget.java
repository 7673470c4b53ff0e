package org.groundswell.webhooks;

import java.time.Duration;

/**
 * The time a round of deliveries may spend under its lease, plain values in (nanoTime readings), a decision out. The
 * lease is counted from a reading taken before the claim, so it ends here no later than in the database. An attempt
 * (look-up, connect, TLS, answer) may take {@link #attemptTime()}: the configured timeout, but never more than three
 * quarters of the lease. An attempt starts only if it can finish, with a margin of a tenth of the lease to record its
 * outcome, before the lease ends; otherwise its claim is handed back untried, so no other replica takes and sends a
 * delivery this round might still be sending.
 */
final class AttemptBudget {

    private final long leaseEnd;
    private final long attemptTime;
    private final long margin;

    AttemptBudget(long claimedAt, Duration lease, Duration timeout) {
        long leaseNanos = lease.toNanos();
        this.leaseEnd = claimedAt + leaseNanos;
        this.attemptTime = Math.min(timeout.toNanos(), leaseNanos / 4 * 3);
        this.margin = leaseNanos / 10;
    }

    /** How long one attempt may take, from its look-up to the end of the answer's headers. */
    Duration attemptTime() {
        return Duration.ofNanos(attemptTime);
    }

    /** Whether an attempt starting at {@code now} ends (with the margin to record it) before the lease does. */
    boolean mayStart(long now) {
        return now - (leaseEnd - margin - attemptTime) <= 0;
    }

    /** The nanoTime by which an attempt starting at {@code now} must be over. */
    long attemptDeadline(long now) {
        return now + attemptTime;
    }

    /** The nanoTime by which the round has waited long enough: the lease's end, less the margin. */
    long roundEnd() {
        return leaseEnd - margin;
    }
}

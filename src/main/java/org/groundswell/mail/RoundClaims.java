package org.groundswell.mail;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mails one dispatcher round holds under its {@link Lease}, by a monotonic clock in nanoseconds (given, so
 * that the rule is tested without waiting). A mail is held from the claim until its outcome is recorded; it is lost
 * when a renewal no longer extends it (another round took it over after the lease ran out). A mail goes on the wire
 * only while it is held and the lease, counted from the last renewal that succeeded, has not run out. Sends start on
 * the mailer's threads while the round's own thread records and renews, hence the concurrent sets.
 */
final class RoundClaims {

    private final long token;
    private final Lease lease;
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    private final Set<Long> started = ConcurrentHashMap.newKeySet();
    private final Set<Long> lost = ConcurrentHashMap.newKeySet();
    private volatile long renewedAt;
    private volatile long nextRenewal;

    /** {@code claimedAt}: when the claim statement was sent (the lease runs from its commit, a little later). */
    RoundClaims(long token, Collection<Long> ids, Lease lease, long claimedAt) {
        this.token = token;
        this.lease = lease;
        this.held.addAll(ids);
        this.renewedAt = claimedAt;
        this.nextRenewal = claimedAt + lease.renewEvery().toNanos();
    }

    long token() {
        return token;
    }

    /** Whether the mail may go on the wire now; if so it counts as started (never handed back). */
    boolean start(long id, long now) {
        if (!held.contains(id) || !lease.holds(Duration.ofNanos(now - renewedAt))) {
            return false;
        }
        started.add(id);
        return true;
    }

    /** Their outcome is recorded (sent, failed, cancelled, handed back): nothing left to renew. */
    void done(Collection<Long> ids) {
        held.removeAll(ids);
    }

    /** Another round holds it now: what this round learns about it (a failed send) is not to be written. */
    boolean isLost(long id) {
        return lost.contains(id);
    }

    boolean renewalDue(long now) {
        return !held.isEmpty() && now - nextRenewal >= 0;
    }

    /** How long the round's thread may wait for outcomes before it must renew. */
    Duration untilRenewal(long now) {
        return Duration.ofNanos(Math.max(0, nextRenewal - now));
    }

    List<Long> toRenew() {
        return List.copyOf(held);
    }

    /**
     * A renewal sent at {@code sentAt} for {@code asked} extended {@code renewed}; answers the mails it did not
     * extend that the round still held: they are lost (another round claimed them after the lease ran out).
     */
    Set<Long> renewed(Collection<Long> asked, Collection<Long> renewed, long sentAt) {
        Set<Long> gone = new HashSet<>(asked);
        gone.removeAll(renewed);
        gone.retainAll(held);
        held.removeAll(gone);
        lost.addAll(gone);
        renewedAt = sentAt;
        nextRenewal = sentAt + lease.renewEvery().toNanos();
        return gone;
    }

    /** The renewal failed (the database is unreachable): try again in a second, the lease runs on meanwhile. */
    void renewalFailed(long now) {
        nextRenewal = now + Math.min(Duration.ofSeconds(1).toNanos(), lease.renewEvery().toNanos());
    }

    /**
     * Held mails that never went on the wire (the round stopped early), while the lease still holds: to be handed
     * back, due at once. After the lease ran out they may be another round's, and are left alone.
     */
    List<Long> unstarted(long now) {
        if (!lease.holds(Duration.ofNanos(now - renewedAt))) {
            return List.of();
        }
        return held.stream().filter(id -> !started.contains(id)).toList();
    }
}

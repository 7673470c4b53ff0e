package org.groundswell.mail;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lease and takeover rule, on a clock given in nanoseconds: no Quarkus, no waiting. */
class LeaseTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final Lease LEASE = Lease.STANDARD;

    @Test
    void aDeadReplicasMailIsTakenOverWithinThirtySecondsAndALiveOneSurvivesTwoMissedRenewals() {
        assertTrue(LEASE.takeoverWithin(Duration.ofSeconds(1)).compareTo(Duration.ofSeconds(30)) <= 0,
                "lease + poll interval: " + LEASE.takeoverWithin(Duration.ofSeconds(1)));
        assertEquals(2, LEASE.missableRenewals());
        assertTrue(LEASE.holds(Duration.ofSeconds(14)));
        assertFalse(LEASE.holds(Duration.ofSeconds(15)));
        assertThrows(IllegalArgumentException.class, () -> new Lease(Duration.ofSeconds(10), Duration.ofSeconds(6)),
                "a single late renewal would lose it");
        assertThrows(IllegalArgumentException.class, () -> new Lease(Duration.ofSeconds(10), Duration.ZERO));
    }

    @Test
    void aRoundSendsOnlyWhileItsLeaseHoldsAndRenewalKeepsItGoing() {
        long t0 = 1_000 * SECOND;
        RoundClaims round = new RoundClaims(7, List.of(1L, 2L, 3L), LEASE, t0);
        assertEquals(7, round.token());
        assertTrue(round.start(1, t0 + 2 * SECOND));
        assertFalse(round.renewalDue(t0 + 4 * SECOND));
        assertEquals(Duration.ofSeconds(1), round.untilRenewal(t0 + 4 * SECOND));
        assertTrue(round.renewalDue(t0 + 5 * SECOND));
        // Not renewed (this thread stalled, the database was away): past the lease it starts nothing more, since
        // another round may have taken the mail over by now.
        assertFalse(round.start(2, t0 + 15 * SECOND));
        // Renewed in time instead: it goes on sending long past the first lease.
        RoundClaims renewing = new RoundClaims(8, List.of(1L, 2L, 3L), LEASE, t0);
        for (long at = 5; at <= 40; at += 5) {
            assertTrue(renewing.renewalDue(t0 + at * SECOND));
            assertEquals(Set.of(), renewing.renewed(renewing.toRenew(), renewing.toRenew(), t0 + at * SECOND));
        }
        assertTrue(renewing.start(2, t0 + 44 * SECOND));
        // A failed renewal is tried again within a second; the lease runs on from the last one that worked.
        renewing.renewalFailed(t0 + 45 * SECOND);
        assertTrue(renewing.renewalDue(t0 + 46 * SECOND));
        assertTrue(renewing.start(3, t0 + 54 * SECOND));
        assertFalse(renewing.start(3, t0 + 55 * SECOND));
    }

    @Test
    void mailsARenewalNoLongerExtendsBelongToAnotherRound() {
        long t0 = 0;
        RoundClaims round = new RoundClaims(1, List.of(1L, 2L, 3L, 4L), LEASE, t0);
        assertTrue(round.start(1, t0 + SECOND));
        round.done(List.of(1L)); // recorded SENT: the renewal no longer finds it PENDING, and that is no loss
        List<Long> asked = round.toRenew();
        assertEquals(Set.of(2L, 3L, 4L), Set.copyOf(asked));
        assertEquals(Set.of(3L), round.renewed(List.of(1L, 2L, 3L, 4L), List.of(2L, 4L), t0 + 5 * SECOND));
        assertTrue(round.isLost(3));
        assertFalse(round.isLost(1));
        assertFalse(round.start(3, t0 + 6 * SECOND), "another round's mail is never sent by this one");
        assertTrue(round.start(2, t0 + 6 * SECOND));
        assertEquals(List.of(4L), round.unstarted(t0 + 6 * SECOND), "held and never sent: handed back at once");
        assertEquals(List.of(), round.unstarted(t0 + 21 * SECOND), "after the lease it may be another round's");
        round.done(List.of(2L, 4L));
        assertFalse(round.renewalDue(t0 + 30 * SECOND), "nothing held, nothing to renew");
    }
}

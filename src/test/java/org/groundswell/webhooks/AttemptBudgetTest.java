package org.groundswell.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An attempt starts only if it ends, with room to record it, before its round's lease does. */
class AttemptBudgetTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = 123_456_789L; // any nanoTime reading, the claim's

    @Test
    void withTheDefaultsAnAttemptMayStartUntilTwelveSecondsIntoTheThirtySecondLease() {
        AttemptBudget budget = new AttemptBudget(T0, Duration.ofSeconds(30), Duration.ofSeconds(15));
        assertEquals(Duration.ofSeconds(15), budget.attemptTime());
        assertTrue(budget.mayStart(T0));
        assertTrue(budget.mayStart(T0 + 12 * S));
        assertFalse(budget.mayStart(T0 + 12 * S + 1));
        assertFalse(budget.mayStart(T0 + 40 * S));
        assertEquals(T0 + 27 * S, budget.roundEnd());
    }

    @Test
    void everyAttemptThatMayStartIsOverBeforeTheRoundStopsWaiting() {
        AttemptBudget budget = new AttemptBudget(T0, Duration.ofSeconds(30), Duration.ofSeconds(15));
        for (long now = T0; budget.mayStart(now); now += S / 4) {
            assertTrue(budget.attemptDeadline(now) - budget.roundEnd() <= 0, "started at +" + (now - T0) / 1e9 + " s");
        }
    }

    @Test
    void aTimeoutLongerThanTheLeaseIsCutToThreeQuartersOfIt() {
        AttemptBudget budget = new AttemptBudget(T0, Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertEquals(Duration.ofMillis(22_500), budget.attemptTime());
        assertTrue(budget.mayStart(T0));
        assertTrue(budget.attemptDeadline(T0) - budget.roundEnd() <= 0);
    }

    @Test
    void nanoTimeWrappingAroundDoesNotConfuseIt() {
        long claimedAt = Long.MAX_VALUE - 5 * S;
        AttemptBudget budget = new AttemptBudget(claimedAt, Duration.ofSeconds(30), Duration.ofSeconds(15));
        assertTrue(budget.mayStart(claimedAt + 10 * S));
        assertFalse(budget.mayStart(claimedAt + 13 * S));
    }
}

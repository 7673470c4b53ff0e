package org.groundswell.congress;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshRulesTest {

    private static final Instant NOW = Instant.parse("2027-01-10T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void dataOlderThanAWeekIsStale() {
        RefreshRules.Freshness fresh = RefreshRules.freshness(NOW.minus(Duration.ofHours(25)), NOW, WEEK);
        assertEquals(Duration.ofHours(25), fresh.age());
        assertEquals(25 * 3600.0, fresh.ageSeconds());
        assertFalse(fresh.stale());
        assertFalse(RefreshRules.freshness(NOW.minus(WEEK), NOW, WEEK).stale(), "a week exactly is not yet stale");
        assertTrue(RefreshRules.freshness(NOW.minus(WEEK).minusSeconds(1), NOW, WEEK).stale());
    }

    @Test
    void neverImportedIsStaleWithoutAnAge() {
        RefreshRules.Freshness never = RefreshRules.freshness(null, NOW, WEEK);
        assertTrue(never.stale());
        assertTrue(Double.isNaN(never.ageSeconds()));
    }

    @Test
    void aConfirmationFromAClockAheadIsAgeZero() {
        assertEquals(Duration.ZERO, RefreshRules.freshness(NOW.plusSeconds(3), NOW, WEEK).age());
    }

    @Test
    void anAutomaticRefreshRetiresAtMostHalfOfTheMembers() {
        assertTrue(RefreshRules.plausible(537, 5), "an ordinary change");
        assertTrue(RefreshRules.plausible(537, 268));
        assertFalse(RefreshRules.plausible(537, 269));
        assertFalse(RefreshRules.plausible(38, 37), "a file of one member");
        assertTrue(RefreshRules.plausible(0, 0), "an empty table");
    }
}

package org.groundswell.updates;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class UpdateQuotaPolicyTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void theFirstUpdateGoesAndASecondWithinTheDayWaitsUntilTheFirstIsADayOld() {
        UpdateQuota quota = new UpdateQuota(1, DAY);
        assertInstanceOf(UpdateQuota.Allowed.class, quota.decide(List.of(), NOW));
        UpdateQuota.Decision decision = quota.decide(List.of(NOW.minus(Duration.ofHours(3))), NOW);
        assertEquals(Duration.ofHours(21), assertInstanceOf(UpdateQuota.TooSoon.class, decision).retryAfter());
        assertInstanceOf(UpdateQuota.Allowed.class, quota.decide(List.of(NOW.minus(DAY)), NOW), "exactly a day later it may go");
        assertInstanceOf(UpdateQuota.TooSoon.class, quota.decide(List.of(NOW.minus(DAY).plusMillis(1)), NOW));
    }

    @Test
    void aLargerQuotaWaitsForTheOldestOfThoseThatFillIt() {
        UpdateQuota quota = new UpdateQuota(3, DAY);
        List<Instant> two = List.of(NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofHours(2)));
        assertInstanceOf(UpdateQuota.Allowed.class, quota.decide(two, NOW));
        List<Instant> three = List.of(NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(5)));
        assertEquals(Duration.ofHours(19), assertInstanceOf(UpdateQuota.TooSoon.class, quota.decide(three, NOW)).retryAfter());
        assertEquals(3, quota.lookBack());
    }

    @Test
    void aQuotaBelowOneIsOne() {
        UpdateQuota quota = new UpdateQuota(0, DAY);
        assertInstanceOf(UpdateQuota.Allowed.class, quota.decide(List.of(), NOW));
        assertInstanceOf(UpdateQuota.TooSoon.class, quota.decide(List.of(NOW.minusSeconds(1)), NOW));
    }

    @Test
    void theWaitIsSaidInWords() {
        assertEquals("40 s", UpdateService.waitText(Duration.ofSeconds(40)));
        assertEquals("12 min", UpdateService.waitText(Duration.ofSeconds(11 * 60 + 5)));
        assertEquals("3 h 20 min", UpdateService.waitText(Duration.ofMinutes(200)));
        assertEquals("24 h", UpdateService.waitText(DAY));
    }
}

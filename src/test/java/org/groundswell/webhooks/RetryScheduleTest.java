package org.groundswell.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryScheduleTest {

    private static final Instant EVENT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theStandardWaitsThenDailyUpToThreeDays() {
        RetrySchedule schedule = RetrySchedule.standard();
        List<Duration> waits = new ArrayList<>();
        Instant now = EVENT;
        for (int attempt = 1; attempt < 20; attempt++) {
            Optional<Instant> next = schedule.next(attempt, EVENT, now, Optional.empty());
            if (next.isEmpty()) {
                break;
            }
            waits.add(Duration.between(now, next.get()));
            now = next.get();
        }
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(10), Duration.ofDays(1), Duration.ofDays(1)), waits,
                "17 h 35 min 5 s of backoff, then daily while within 3 days of the event");
    }

    @Test
    void retryAfterIsHonouredButNeverShortensTheWaitAndIsCappedAtADay() {
        RetrySchedule schedule = RetrySchedule.standard();
        assertEquals(Optional.of(EVENT.plusSeconds(120)), schedule.next(1, EVENT, EVENT, Optional.of(Duration.ofSeconds(120))));
        assertEquals(Optional.of(EVENT.plus(Duration.ofMinutes(5))), schedule.next(2, EVENT, EVENT, Optional.of(Duration.ofSeconds(1))));
        assertEquals(Optional.of(EVENT.plus(Duration.ofDays(1))), schedule.next(1, EVENT, EVENT, Optional.of(Duration.ofDays(30))));
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetrySchedule.parseRetryAfter("30", EVENT));
        assertEquals(Optional.of(Duration.ofMinutes(2)), RetrySchedule.parseRetryAfter("Thu, 01 Jan 2026 00:02:00 GMT", EVENT));
        assertEquals(Optional.empty(), RetrySchedule.parseRetryAfter("soon", EVENT));
        assertEquals(Optional.empty(), RetrySchedule.parseRetryAfter(null, EVENT));
    }
}

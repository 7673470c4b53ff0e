package org.groundswell.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again: after the first failure {@code delays[0]}, after the second
 * {@code delays[1]}, ... then every {@code thereafter}, never later than {@code giveUpAfter} after the event. A
 * {@code Retry-After} the receiver sent is honoured: the next attempt never comes sooner than it asks (up to a day).
 * Plain values in, a decision out.
 */
public record RetrySchedule(List<Duration> delays, Duration thereafter, Duration giveUpAfter) {

    private static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(1);

    /** The defaults of the Standard Webhooks practice: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then daily up to 3 days. */
    public static RetrySchedule standard() {
        return new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(10)), Duration.ofDays(1), Duration.ofDays(3));
    }

    /**
     * After attempt number {@code attempts} (1 for the first) failed at {@code now}, for an event of {@code createdAt}:
     * when to try next, or empty to give up.
     */
    public Optional<Instant> next(int attempts, Instant createdAt, Instant now, Optional<Duration> retryAfter) {
        int index = Math.max(attempts, 1) - 1;
        Duration wait = index < delays.size() ? delays.get(index) : thereafter;
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get().compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : retryAfter.get();
        }
        Instant next = now.plus(wait);
        Instant deadline = createdAt.plus(giveUpAfter);
        return next.isAfter(deadline) ? Optional.empty() : Optional.of(next);
    }

    /** A Retry-After header (RFC 9110: seconds, or an HTTP date) as a wait from {@code now}; empty when absent or unreadable. */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.matches("\\d{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package org.groundswell.mail;

import java.time.Duration;

/** Exponential backoff between sending attempts: initial, then doubled each time, never above the maximum. */
public record Backoff(Duration initial, Duration maximum) {

    /** The wait after attempt number {@code attempts} (1 for the first) failed. */
    public Duration after(int attempts) {
        Duration delay = initial.multipliedBy(1L << Math.min(Math.max(attempts, 1) - 1, 20));
        return delay.compareTo(maximum) > 0 ? maximum : delay;
    }
}

package org.groundswell.common;

import java.time.Duration;

/** A quota of the caller's is used up (an update a day, downloads at once): try again after {@code retryAfter}. */
public class QuotaExceededException extends DomainException {

    private final Duration retryAfter;

    public QuotaExceededException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds to wait, at least one (what Retry-After says). */
    public long retryAfterSeconds() {
        long millis = Math.max(0, retryAfter.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }
}

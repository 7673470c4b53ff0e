package org.groundswell.support;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: the system clock plus an offset that tests move forward instead of sleeping
 * (for example past the form's minimum time to submit). It never goes back.
 */
@Mock
@ApplicationScoped
public class MutableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock never goes back");
        }
        offset = offset.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is UTC");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}

package org.groundswell.common;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The one clock of the service, injected wherever time matters so that tests can move it. */
public class SystemClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}

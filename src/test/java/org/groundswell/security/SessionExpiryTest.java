package org.groundswell.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionExpiryTest {

    private static final Duration IDLE = Duration.ofHours(12);
    private static final Duration LIFETIME = Duration.ofDays(7);
    private static final Instant START = Instant.parse("2026-05-01T09:00:00Z");

    @Test
    void aSessionEndsWhenIdleForTwelveHours() {
        assertTrue(ConsoleSessions.isLive(START, START, START.plus(Duration.ofHours(11)), IDLE, LIFETIME));
        assertFalse(ConsoleSessions.isLive(START, START, START.plus(IDLE), IDLE, LIFETIME));
    }

    @Test
    void aSessionInUseEndsSevenDaysAfterSigningIn() {
        Instant now = START.plus(Duration.ofDays(7));
        assertFalse(ConsoleSessions.isLive(START, now.minusSeconds(60), now, IDLE, LIFETIME));
        assertTrue(ConsoleSessions.isLive(START, now.minusSeconds(60), now.minusSeconds(1), IDLE, LIFETIME));
    }
}

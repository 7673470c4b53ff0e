package org.groundswell.mail;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1));

    @Test
    void doublesFromTheInitialDelayUpToTheMaximum() {
        assertEquals(Duration.ofSeconds(10), backoff.after(1));
        assertEquals(Duration.ofSeconds(20), backoff.after(2));
        assertEquals(Duration.ofSeconds(40), backoff.after(3));
        assertEquals(Duration.ofSeconds(2560), backoff.after(9));
        assertEquals(Duration.ofHours(1), backoff.after(10));
        assertEquals(Duration.ofHours(1), backoff.after(1000), "no overflow however many attempts");
        assertEquals(Duration.ofSeconds(10), backoff.after(0));
    }
}

package org.groundswell.web;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormGuardTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final FormGuard guard = new FormGuard(KEY, Duration.ofSeconds(3), Duration.ofHours(1), clock);

    private void after(Duration elapsed) {
        now.set(now.get().plus(elapsed));
    }

    @Test
    void aPersonWhoTakesTheirTimeIsHuman() {
        String stamp = guard.stamp();
        after(Duration.ofSeconds(20));
        assertEquals(FormGuard.Verdict.HUMAN, guard.judge(stamp, ""));
        assertEquals(FormGuard.Verdict.HUMAN, guard.judge(stamp, null));
    }

    @Test
    void tooFastTooOldForgedAndHoneypot() {
        String stamp = guard.stamp();
        after(Duration.ofSeconds(2));
        assertEquals(FormGuard.Verdict.TOO_FAST, guard.judge(stamp, ""));
        after(Duration.ofSeconds(2));
        assertEquals(FormGuard.Verdict.HUMAN, guard.judge(stamp, ""));
        assertEquals(FormGuard.Verdict.BOT_HONEYPOT, guard.judge(stamp, "http://spam.example"));
        after(Duration.ofMinutes(61));
        assertEquals(FormGuard.Verdict.EXPIRED, guard.judge(stamp, ""));

        String signature = guard.stamp().split("\\.")[1];
        assertEquals(FormGuard.Verdict.EXPIRED, guard.judge("1000." + signature, ""), "back-dated");
        FormGuard otherKey = new FormGuard("another key, another service....".getBytes(), Duration.ofSeconds(3), Duration.ofHours(1), clock);
        String foreign = otherKey.stamp();
        after(Duration.ofSeconds(10));
        assertEquals(FormGuard.Verdict.EXPIRED, guard.judge(foreign, ""), "signed with another key");
        assertEquals(FormGuard.Verdict.BOT_NO_STAMP, guard.judge(null, ""));
        assertEquals(FormGuard.Verdict.BOT_NO_STAMP, guard.judge("", ""));
        assertEquals(FormGuard.Verdict.EXPIRED, guard.judge("abc.def", ""));
    }
}

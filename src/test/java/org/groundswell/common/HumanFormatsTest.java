package org.groundswell.common;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HumanFormatsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void numbersAreGroupedByThousands() {
        assertEquals("0", HumanNumbers.grouped(0));
        assertEquals("999", HumanNumbers.grouped(999));
        assertEquals("25,000", HumanNumbers.grouped(25_000));
        assertEquals("5,000,000", HumanNumbers.grouped(5_000_000));
        assertEquals("-1,234", HumanNumbers.grouped(-1_234));
    }

    @Test
    void progressIsWholePercentAtMostOneHundred() {
        assertEquals(0, HumanNumbers.percentOf(0, 100));
        assertEquals(33, HumanNumbers.percentOf(1, 3));
        assertEquals(99, HumanNumbers.percentOf(999, 1000));
        assertEquals(100, HumanNumbers.percentOf(1000, 1000));
        assertEquals(100, HumanNumbers.percentOf(5_000_000, 1000));
        assertEquals(0, HumanNumbers.percentOf(10, 0));
    }

    private static String ago(Duration before) {
        return RelativeTime.describe(NOW.minus(before), NOW);
    }

    @Test
    void momentsReadInTheReadersTerms() {
        assertEquals("just now", ago(Duration.ofSeconds(10)));
        assertEquals("a minute ago", ago(Duration.ofSeconds(70)));
        assertEquals("5 minutes ago", ago(Duration.ofMinutes(5)));
        assertEquals("an hour ago", ago(Duration.ofMinutes(60)));
        assertEquals("2 hours ago", ago(Duration.ofHours(2)));
        assertEquals("yesterday", ago(Duration.ofHours(30)));
        assertEquals("3 days ago", ago(Duration.ofDays(3)));
        assertEquals("on 1 March 2026", ago(Duration.ofDays(61)));
        assertEquals("in 10 minutes", RelativeTime.describe(NOW.plus(Duration.ofMinutes(10)), NOW));
    }

    @Test
    void theExactMomentGoesBeside() {
        assertEquals("1 May 2026, 09:05 UTC", RelativeTime.exact(Instant.parse("2026-05-01T09:05:42.123Z")));
        assertEquals("2026-05-01T09:05:42Z", RelativeTime.iso(Instant.parse("2026-05-01T09:05:42.123Z")));
    }

    @Test
    void templatesGetTheSameFormats() {
        // What {count.grouped}, {moment.exact} and {moment.iso} print in every page and mail: the same helpers.
        assertEquals("25,000", TemplateFormats.grouped(25_000));
        assertEquals("25,000", TemplateFormats.grouped(25_000L));
        assertEquals("1,234,567", TemplateFormats.grouped(Long.valueOf(1_234_567)));
        assertEquals("5 December 2026, 14:00 UTC", TemplateFormats.exact(Instant.parse("2026-12-05T14:00:59Z")));
        assertEquals("2026-12-05T14:00:59Z", TemplateFormats.iso(Instant.parse("2026-12-05T14:00:59.900Z")));
        // Outside the container, "ago" reads the system clock: a moment two hours back is "2 hours ago".
        assertEquals("2 hours ago", TemplateFormats.ago(Instant.now().minus(Duration.ofHours(2))));
    }
}

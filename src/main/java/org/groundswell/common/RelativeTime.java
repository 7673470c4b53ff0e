package org.groundswell.common;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A moment in the reader's terms: "just now", "5 minutes ago", "2 hours ago", "yesterday", "3 days ago", and for
 * anything older than four weeks the date; the future reads "in 10 minutes". The exact moment goes beside it
 * ({@link #exact}, and {@link #iso} for a {@code <time datetime>} attribute).
 */
public final class RelativeTime {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private RelativeTime() {
    }

    public static String describe(Instant moment, Instant now) {
        Duration between = Duration.between(moment, now);
        boolean past = !between.isNegative();
        long seconds = Math.abs(between.getSeconds());
        if (seconds < 45) {
            return "just now";
        }
        String amount;
        if (seconds < 90) {
            amount = "a minute";
        } else if (seconds < 45 * 60) {
            amount = Math.round(seconds / 60.0) + " minutes";
        } else if (seconds < 90 * 60) {
            amount = "an hour";
        } else if (seconds < 22 * 3600) {
            amount = Math.round(seconds / 3600.0) + " hours";
        } else if (seconds < 36 * 3600) {
            return past ? "yesterday" : "tomorrow";
        } else if (seconds < 28 * 86400) {
            amount = Math.round(seconds / 86400.0) + " days";
        } else {
            return "on " + DATE.format(moment);
        }
        return past ? amount + " ago" : "in " + amount;
    }

    /** The moment for people, to the minute, in UTC: "1 May 2026, 09:00 UTC". */
    public static String exact(Instant moment) {
        return EXACT.format(moment);
    }

    /** The moment for machines (a {@code <time datetime>} attribute): "2026-05-01T09:00:00Z". */
    public static String iso(Instant moment) {
        return DateTimeFormatter.ISO_INSTANT.format(moment.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}

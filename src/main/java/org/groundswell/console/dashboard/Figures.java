package org.groundswell.console.dashboard;

import org.groundswell.console.charts.Svg;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Numbers and times for people: "25,000", "2 hours ago" (with the exact time for a {@code <time>} element). */
public final class Figures {

    private Figures() {
    }

    public static String number(long value) {
        return Svg.number(value);
    }

    /** A share as a whole percentage ("97%"), or "–" when there is nothing to share. */
    public static String percent(long part, long whole) {
        if (whole <= 0) {
            return "–";
        }
        return Math.round(100.0 * part / whole) + "%";
    }

    /** The exact moment, for {@code <time datetime>}: ISO-8601 in UTC, to the second. */
    public static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** How long before {@code now}: "just now", "5 minutes ago", "2 hours ago", "3 days ago". */
    public static String ago(Instant at, Instant now) {
        Duration since = Duration.between(at, now);
        if (since.isNegative() || since.toSeconds() < 60) {
            return "just now";
        }
        if (since.toMinutes() < 60) {
            return plural(since.toMinutes(), "minute") + " ago";
        }
        if (since.toHours() < 48) {
            return plural(since.toHours(), "hour") + " ago";
        }
        return plural(since.toDays(), "day") + " ago";
    }

    private static String plural(long n, String unit) {
        return number(n) + " " + unit + (n == 1 ? "" : "s");
    }
}

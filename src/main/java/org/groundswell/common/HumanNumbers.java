package org.groundswell.common;

import java.text.NumberFormat;
import java.util.Locale;

/** Numbers as people read them: {@code 25,000}, not {@code 25000}; a share of a goal in whole percent. */
public final class HumanNumbers {

    private HumanNumbers() {
    }

    /** Grouped by thousands with commas (the pages and mails are in English). */
    public static String grouped(long number) {
        return NumberFormat.getIntegerInstance(Locale.US).format(number);
    }

    /** How far {@code count} is toward {@code goal}, in whole percent rounded down, at most 100; 0 without a goal. */
    public static int percentOf(long count, long goal) {
        if (goal <= 0 || count <= 0) {
            return 0;
        }
        return (int) Math.min(100, count * 100 / goal);
    }
}

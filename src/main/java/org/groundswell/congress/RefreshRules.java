package org.groundswell.congress;

import java.time.Duration;
import java.time.Instant;

/** The refresh's decisions on plain values: how old the data is, and whether a new file looks like Congress. */
public final class RefreshRules {

    private RefreshRules() {
    }

    /** The data's age ({@code null}: never imported) and whether it is older than the limit. */
    public record Freshness(Duration age, boolean stale) {

        /** For the gauge: seconds, or NaN when nothing was ever imported. */
        public double ageSeconds() {
            return age == null ? Double.NaN : age.toMillis() / 1000.0;
        }
    }

    public static Freshness freshness(Instant confirmedAt, Instant now, Duration staleAfter) {
        if (confirmedAt == null) {
            return new Freshness(null, true);
        }
        Duration age = Duration.between(confirmedAt, now);
        if (age.isNegative()) {
            age = Duration.ZERO; // another replica's clock is a little ahead
        }
        return new Freshness(age, age.compareTo(staleAfter) > 0);
    }

    /**
     * Whether an automatic refresh may apply a file that retires {@code retiring} of the {@code active} members:
     * not when it would retire more than half of them (a truncated or wrong file; Congress never changes that much
     * at once). An operator's own import is not limited.
     */
    public static boolean plausible(int active, int retiring) {
        return retiring * 2 <= active;
    }
}

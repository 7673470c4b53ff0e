package org.groundswell.updates;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How many updates a campaign may send to its supporters: at most {@code quota} (one or more; test sends to the
 * organiser do not count) within any {@code window}. Plain values in, a decision out.
 */
public final class UpdateQuota {

    /** The decision. */
    public sealed interface Decision {
    }

    public record Allowed() implements Decision {
    }

    /** Not before {@code retryAfter} from now, when the oldest of the recent updates leaves the window. */
    public record TooSoon(Duration retryAfter) implements Decision {
    }

    private final int quota;
    private final Duration window;

    public UpdateQuota(int quota, Duration window) {
        this.quota = Math.max(1, quota);
        this.window = window;
    }

    /** The instant before which earlier updates no longer count. */
    public Instant windowStart(Instant now) {
        return now.minus(window);
    }

    /** How many recent updates the decision needs to see, newest first. */
    public int lookBack() {
        return quota;
    }

    /**
     * @param recent the campaign's updates that count, sent after {@link #windowStart(Instant)}, newest first (at least
     *               the newest {@link #lookBack()} of them)
     */
    public Decision decide(List<Instant> recent, Instant now) {
        List<Instant> inWindow = recent.stream().filter(at -> at.isAfter(windowStart(now))).toList();
        if (inWindow.size() < quota) {
            return new Allowed();
        }
        // The quota-th newest leaves the window first among those that fill it.
        Instant oldestThatCounts = inWindow.get(quota - 1);
        return new TooSoon(Duration.between(now, oldestThatCounts.plus(window)));
    }
}

package org.groundswell.signature;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing budget of each API key, as a token bucket per key and per replica: {@code perSecond} signatures a
 * second, and as many at once after a quiet second (at least one). Kept in memory (no write per signature, an answer before
 * anything is queued); with several replicas behind the balancer a key may use the budget on each of them, so the
 * operator sets the per-replica figure (README "API keys"). Plain values in (the key, the time in nanoseconds), a
 * decision out.
 */
public final class KeyBudget {

    private final double perSecond;
    /** What a quiet key may post at once: a second's worth, and at least one. */
    private final double capacity;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

    public KeyBudget(double perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("the budget must be positive");
        }
        this.perSecond = perSecond;
        this.capacity = Math.max(1, perSecond);
    }

    /** Takes one signature from the key's budget; empty when it had one, else how long until it has one again. */
    public Optional<Duration> take(long keyId, long nowNanos) {
        return buckets.computeIfAbsent(keyId, id -> new Bucket(capacity, nowNanos)).take(perSecond, capacity, nowNanos);
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double capacity, long now) {
            this.tokens = capacity;
            this.at = now;
        }

        synchronized Optional<Duration> take(double perSecond, double capacity, long now) {
            if (now > at) {
                tokens = Math.min(capacity, tokens + (now - at) / 1e9 * perSecond);
                at = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9)));
        }
    }
}

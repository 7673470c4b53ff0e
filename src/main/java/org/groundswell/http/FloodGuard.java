package org.groundswell.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.problem.Problem;
import org.groundswell.security.BearerTokenMechanism;
import org.groundswell.security.ClientAddress;
import org.groundswell.security.PartnerKeys;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last line against a flood: one client address sending write requests (POST, PUT, PATCH, DELETE) far faster
 * than any person, or any school behind one address, gets 429 with Retry-After. A token bucket per address, per
 * replica (with N replicas an address may send N times as much). Reads are never limited, nor the one-click
 * unsubscribe with a token that verifies ({@link OneClickUnsubscribe}). Below this, the
 * signing limits hold signatures quietly instead (see the signature package).
 * <p>
 * Writes that carry an API key (a partner's server signing for many people, {@code OSDI-API-Token} or a bearer
 * token of a key's shape) are counted per address in a bucket of their own, sized to the key budget
 * ({@code groundswell.api-keys.signatures-per-second}, a minute of it at most at once): the key's budget is what
 * limits them, checked once the key is known. A forged key buys no more than that bucket, and each one is refused
 * (401) after one lookup by its hash.
 */
@ApplicationScoped
public class FloodGuard {

    /** The methods that write, and the only ones that carry a body here. */
    static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final int MAX_TRACKED = 200_000;

    /** Tokens left and when they were counted; refilled at the sustained rate. */
    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double capacity;
    private final double perNano;
    private final double keyCapacity;
    private final double keyPerNano;
    private final RawProblems problems;
    private final OneClickUnsubscribe unsubscribe;
    private final Counter refused;

    public FloodGuard(GroundswellConfig config, RawProblems problems, OneClickUnsubscribe unsubscribe, MeterRegistry registry) {
        this.capacity = config.limits().floodBurst();
        this.perNano = config.limits().floodPerMinute() / 60e9;
        double keyPerSecond = Math.max(config.apiKeys().signaturesPerSecond(), config.limits().floodPerMinute() / 60.0);
        this.keyCapacity = Math.max(capacity, keyPerSecond * 60);
        this.keyPerNano = keyPerSecond * 1.2 / 1e9;
        this.problems = problems;
        this.unsubscribe = unsubscribe;
        this.refused = Counter.builder("groundswell.requests.flooded").description("Write requests refused with 429").register(registry);
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.FLOOD_GUARD).handler(this::check);
    }

    void check(RoutingContext context) {
        // Mail providers send every one-click unsubscribe from a few servers; its token already says who may. Decided
        // on the normalised path, the one the request is routed by: /u/../api/... is a write to the API like any other.
        if (!WRITES.contains(context.request().method()) || unsubscribe.is(context)) {
            context.next();
            return;
        }
        String address = ClientAddress.of(context.request());
        long waitSeconds = carriesKey(context)
                ? take(KEYED + address, keyCapacity, keyPerNano, System.nanoTime())
                : take(address, System.nanoTime());
        if (waitSeconds == 0) {
            context.next();
            return;
        }
        refused.increment();
        problems.send(context.response().putHeader(HttpHeaderNames.RETRY_AFTER, String.valueOf(waitSeconds)),
                Problem.of(429, "Too Many Requests", "Too many requests from your address; please wait " + waitSeconds + " s.",
                        context.normalizedPath()));
    }

    /** Marks the buckets of writes that carry an API key (no client address starts so). */
    private static final String KEYED = "key ";

    /** Whether the request carries something shaped like an API key, in either header a key may come in. */
    static boolean carriesKey(RoutingContext context) {
        String osdi = context.request().getHeader(BearerTokenMechanism.OSDI_HEADER);
        return osdi != null && PartnerKeys.looksLikeKey(osdi.strip())
                || PartnerKeys.looksLikeKey(BearerTokenMechanism.tokenOf(context.request().getHeader(HttpHeaderNames.AUTHORIZATION)));
    }

    /** Takes one token for the address: 0 when there was one, else the seconds until there will be. */
    long take(String address, long now) {
        return take(address, capacity, perNano, now);
    }

    private long take(String address, double capacity, double perNano, long now) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.clear(); // an attack from very many addresses: forgetting is safe, the signing limits still hold
        }
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedNanos) * perNano);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }

    /** Forgets the addresses whose bucket is full again: they are not flooding. */
    @io.quarkus.scheduler.Scheduled(every = "1m", identity = "flood-guard-sweep")
    void sweep() {
        long now = System.nanoTime();
        buckets.entrySet().removeIf(e -> {
            boolean keyed = e.getKey().startsWith(KEYED);
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().updatedNanos) * (keyed ? keyPerNano : perNano)
                        >= (keyed ? keyCapacity : capacity);
            }
        });
    }
}

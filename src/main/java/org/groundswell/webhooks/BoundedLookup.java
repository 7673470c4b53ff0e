package org.groundswell.webhooks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A host name's addresses within a time limit. The JDK's look-up cannot be interrupted and the system resolver may
 * wait far longer than a webhook attempt may, so it runs on a thread of {@code executor} and the caller stops waiting
 * at the limit (the look-up thread finishes on its own, later).
 */
final class BoundedLookup {

    /** How a name is resolved: {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The look-up did not answer within the limit. */
    static final class TooSlow extends IOException {
        TooSlow(String host, Duration limit) {
            super("the look-up of " + host + " took longer than " + limit.toMillis() + " ms");
        }
    }

    private final Resolver resolver;
    private final ExecutorService executor;

    BoundedLookup(Resolver resolver, ExecutorService executor) {
        this.resolver = resolver;
        this.executor = executor;
    }

    /** The addresses of {@code host}; UnknownHostException when it has none, {@link TooSlow} past {@code limit}. */
    List<InetAddress> resolve(String host, Duration limit) throws IOException {
        if (limit.isNegative() || limit.isZero()) {
            throw new TooSlow(host, limit);
        }
        Future<InetAddress[]> lookup;
        try {
            lookup = executor.submit(() -> resolver.resolve(host));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new TooSlow(host, limit); // every look-up thread is waiting on a resolver already
        }
        try {
            return Arrays.asList(lookup.get(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new TooSlow(host, limit);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new IOException("the look-up of " + host + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new TooSlow(host, limit);
        }
    }
}

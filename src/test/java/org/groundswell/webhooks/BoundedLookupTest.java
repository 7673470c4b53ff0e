package org.groundswell.webhooks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A host's look-up answers within the attempt's time, or the attempt stops waiting for it. */
class BoundedLookupTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        never.countDown();
        executor.shutdownNow();
    }

    @Test
    void aLookUpThatHangsIsGivenUpAtTheLimit() {
        BoundedLookup lookup = new BoundedLookup(host -> {
            try {
                never.await(); // a resolver that never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        }, executor);
        long started = System.nanoTime();
        assertThrows(BoundedLookup.TooSlow.class, () -> lookup.resolve("slow.example.org", Duration.ofMillis(200)));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis >= 150 && tookMillis < 5_000, "gave up after " + tookMillis + " ms");
    }

    @Test
    void noTimeLeftMeansNoLookUp() {
        BoundedLookup lookup = new BoundedLookup(host -> {
            throw new AssertionError("not looked up");
        }, executor);
        assertThrows(BoundedLookup.TooSlow.class, () -> lookup.resolve("crm.example.org", Duration.ZERO));
        assertThrows(BoundedLookup.TooSlow.class, () -> lookup.resolve("crm.example.org", Duration.ofMillis(-5)));
    }

    @Test
    void anAnswerInTimeAndANameWithoutAddressAreAnsweredAsTheResolverSaid() throws Exception {
        InetAddress address = InetAddress.getByName("203.0.113.10");
        BoundedLookup lookup = new BoundedLookup(host -> {
            if (host.equals("crm.example.org")) {
                return new InetAddress[] {address};
            }
            throw new UnknownHostException(host);
        }, executor);
        assertEquals(List.of(address), lookup.resolve("crm.example.org", Duration.ofSeconds(5)));
        assertThrows(UnknownHostException.class, () -> lookup.resolve("nowhere.invalid", Duration.ofSeconds(5)));
    }
}

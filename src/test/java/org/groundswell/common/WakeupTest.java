package org.groundswell.common;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatchers' wake-up, without Quarkus: a transaction registry of the test's own. */
class WakeupTest {

    /** A registry whose transaction status the test sets, keeping the synchronizations registered with it. */
    static final class Registry implements TransactionSynchronizationRegistry {
        int status = Status.STATUS_NO_TRANSACTION;
        final List<Synchronization> registered = new ArrayList<>();

        @Override
        public Object getTransactionKey() {
            return null;
        }

        @Override
        public void putResource(Object key, Object value) {
        }

        @Override
        public Object getResource(Object key) {
            return null;
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            registered.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return status;
        }

        @Override
        public void setRollbackOnly() {
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }

    private static long sleptMillis(Wakeup wakeup, Duration timeout) {
        long started = System.nanoTime();
        assertTrue(wakeup.sleepUntilWokenOr(timeout, () -> true));
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Test
    void aWakeOutsideATransactionIsKeptForTheNextSleepAndUsedUp() {
        Wakeup wakeup = new Wakeup(new Registry());
        wakeup.afterCommit();
        assertTrue(sleptMillis(wakeup, Duration.ofSeconds(30)) < 5_000, "woken before it slept: no wait");
        assertTrue(sleptMillis(wakeup, Duration.ofMillis(200)) >= 150, "the wake was used up: the poll interval is slept");
    }

    @Test
    void insideATransactionOnlyItsCommitWakes() {
        Registry registry = new Registry();
        registry.status = Status.STATUS_ACTIVE;
        Wakeup wakeup = new Wakeup(registry);
        wakeup.afterCommit();
        wakeup.afterCommit();
        assertEquals(2, registry.registered.size());
        registry.registered.get(0).afterCompletion(Status.STATUS_ROLLEDBACK);
        assertTrue(sleptMillis(wakeup, Duration.ofMillis(200)) >= 150, "a rollback queued nothing: no wake");
        registry.registered.get(1).afterCompletion(Status.STATUS_COMMITTED);
        assertTrue(sleptMillis(wakeup, Duration.ofSeconds(30)) < 5_000, "the commit woke it");
    }

    @Test
    void aWakeFromAnotherThreadEndsTheSleepAndAStoppedThreadDoesNotSleep() throws Exception {
        Wakeup wakeup = new Wakeup(new Registry());
        Thread waker = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            wakeup.now();
        });
        waker.start();
        assertTrue(sleptMillis(wakeup, Duration.ofSeconds(30)) < 5_000, "woken by the other thread");
        waker.join();
        long started = System.nanoTime();
        assertTrue(wakeup.sleepUntilWokenOr(Duration.ofSeconds(30), () -> false));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000, "told to stop: no sleep");
        Thread.currentThread().interrupt();
        assertFalse(wakeup.sleepUntilWokenOr(Duration.ofSeconds(30), () -> true), "interrupted: answers false");
        assertTrue(Thread.interrupted(), "the interrupt is kept");
    }
}

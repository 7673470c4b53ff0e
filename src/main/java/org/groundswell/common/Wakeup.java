package org.groundswell.common;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How a dispatcher thread (the outbox's, the webhooks') waits for work: it sleeps up to its poll interval, and work
 * queued wakes it at once, but only once the transaction that queued the work has committed (before, a round would
 * not see the rows yet and go back to sleep). A wake that comes while the thread is busy is kept for its next sleep.
 */
public final class Wakeup {

    private final TransactionSynchronizationRegistry transactions;
    private final Object signal = new Object();
    private boolean woken;

    public Wakeup(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    /** Work was queued: wake the thread now, or inside a transaction once it has committed (not if it rolls back). */
    public void afterCommit() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            now();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    now();
                }
            }
        });
    }

    /** Wakes the thread now (also to let it see that it is to stop). */
    public void now() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /**
     * Sleeps until woken or {@code timeout} has passed, unless a wake came meanwhile or {@code running} says to stop;
     * the wake is used up. Answers false when the thread was interrupted (it is to stop).
     */
    public boolean sleepUntilWokenOr(Duration timeout, BooleanSupplier running) {
        synchronized (signal) {
            try {
                if (!woken && running.getAsBoolean()) {
                    signal.wait(Math.max(1, timeout.toMillis()));
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                woken = false;
            }
        }
    }
}

package org.groundswell.signature;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many CSV downloads each organiser has under way (on this replica): at most {@code perOrganiser} at once. A
 * plain class: a download takes a slot before it starts and gives it back when it ends, however it ends.
 */
public final class ExportSlots {

    private final int perOrganiser;
    private final Map<Long, Integer> inUse = new HashMap<>();

    public ExportSlots(int perOrganiser) {
        this.perOrganiser = perOrganiser;
    }

    /** A slot taken by one download; closing it (once or more) gives it back. */
    public final class Slot implements AutoCloseable {
        private final long organiserId;
        private boolean closed;

        private Slot(long organiserId) {
            this.organiserId = organiserId;
        }

        @Override
        public void close() {
            synchronized (ExportSlots.this) {
                if (!closed) {
                    closed = true;
                    inUse.computeIfPresent(organiserId, (id, n) -> n <= 1 ? null : n - 1);
                }
            }
        }
    }

    /** A slot for the organiser's download, or none when they have {@code perOrganiser} under way already. */
    public synchronized Optional<Slot> tryTake(long organiserId) {
        int n = inUse.getOrDefault(organiserId, 0);
        if (n >= perOrganiser) {
            return Optional.empty();
        }
        inUse.put(organiserId, n + 1);
        return Optional.of(new Slot(organiserId));
    }

    /** Downloads under way for the organiser. */
    public synchronized int inUse(long organiserId) {
        return inUse.getOrDefault(organiserId, 0);
    }
}

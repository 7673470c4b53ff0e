package org.groundswell.security;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which key a stored identifier hash (mailbox, client address) is made with, from the wrapped copies the database
 * holds. These keys are random, made once, and <b>never change</b>, not even when the master secret is rotated: a
 * suppressed mailbox's hash must match it forever, and the database holds no address to hash again. A rotation
 * only wraps the same key under the new master. Plain values in, a decision out.
 */
public final class IdentifierKeys {

    /** The key id of a key moved over from the table of plain keys (V9), wrapped at the next start. */
    public static final String LEGACY = "legacy";

    private IdentifierKeys() {
    }

    /** A wrapped copy of the key: the master it is wrapped under, and the wrapped value. */
    public record Wrapped(String keyId, String value) {
    }

    public sealed interface Decision {
        /** No copy yet: make a key and store it wrapped under the current master (first writer wins, then read again). */
        record Create() implements Decision {
        }

        /** Use this key; store {@code wrapForCurrent} (when present) and drop the copies of {@code dropKeyIds}. */
        record Use(byte[] key, boolean wrapForCurrent, Set<String> dropKeyIds) implements Decision {
        }

        /** Only copies under masters this service does not have: refuse rather than start a new key. */
        record Refuse(String message) implements Decision {
        }
    }

    public static Decision decide(String name, List<Wrapped> copies, MasterKeys.Ring ring) {
        Set<String> known = ring.all().stream().map(MasterKeys.Master::id).collect(Collectors.toSet());
        Optional<Wrapped> current = copies.stream().filter(c -> c.keyId().equals(ring.current().id())).findFirst();
        if (current.isPresent()) {
            // The rotation is done once the previous master is no longer configured: drop copies under others.
            Set<String> drop = copies.stream().map(Wrapped::keyId).filter(id -> !known.contains(id)).collect(Collectors.toSet());
            return new Decision.Use(KeyWrap.unwrap(ring.current(), name, current.get().value()), false, drop);
        }
        Optional<MasterKeys.Master> previous = ring.previous();
        if (previous.isPresent()) {
            Optional<Wrapped> copy = copies.stream().filter(c -> c.keyId().equals(previous.get().id())).findFirst();
            if (copy.isPresent()) {
                return new Decision.Use(KeyWrap.unwrap(previous.get(), name, copy.get().value()), true, Set.of());
            }
        }
        Optional<Wrapped> legacy = copies.stream().filter(c -> c.keyId().equals(LEGACY)).findFirst();
        if (legacy.isPresent()) {
            return new Decision.Use(Base64.getUrlDecoder().decode(legacy.get().value()), true, Set.of(LEGACY));
        }
        if (!copies.isEmpty()) {
            return new Decision.Refuse("The " + name + " key is stored under master key id(s) "
                    + copies.stream().map(Wrapped::keyId).sorted().toList() + ", and this service has " + known
                    + ". Starting with a new key would forget every stored " + name + " hash (the suppression list "
                    + "among them). Set GROUNDSWELL_SECRET_KEY_PREVIOUS to the master secret in use before, or restore it.");
        }
        return new Decision.Create();
    }
}

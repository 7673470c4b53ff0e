package org.groundswell.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The master secrets from the environment ({@code groundswell.secret-key}, during a rotation also
 * {@code groundswell.secret-key-previous}) and the keys derived from them with HKDF. Plain values in, a key ring
 * or a refusal out: the service refuses to start without a master of at least {@value #MINIMUM_BYTES} bytes
 * (outside dev and test, which have fixed dev keys).
 */
public final class MasterKeys {

    public static final int MINIMUM_BYTES = 32;
    static final String CURRENT = "groundswell.secret-key (GROUNDSWELL_SECRET_KEY)";
    static final String PREVIOUS = "groundswell.secret-key-previous (GROUNDSWELL_SECRET_KEY_PREVIOUS)";
    private static final byte[] SALT = "groundswell".getBytes(StandardCharsets.UTF_8);

    private MasterKeys() {
    }

    /** The key ring of these settings; {@link IllegalStateException} with what to do when they are unusable. */
    public static Ring ring(Optional<String> current, Optional<String> previous) {
        String value = current.map(String::strip).filter(v -> !v.isEmpty()).orElseThrow(() -> new IllegalStateException(
                CURRENT + " is not set. It is the master secret every signed link and keyed hash derives from: at least "
                        + MINIMUM_BYTES + " random bytes in base64. Generate one with: openssl rand -base64 32"));
        Master master = master(CURRENT, value);
        Optional<Master> before = previous.map(String::strip).filter(v -> !v.isEmpty()).map(v -> master(PREVIOUS, v))
                .filter(p -> !p.id().equals(master.id()));
        return new Ring(master, before);
    }

    private static Master master(String setting, String base64) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.replaceAll("\\s", "").replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " is not base64. Generate one with: openssl rand -base64 32");
        }
        if (secret.length < MINIMUM_BYTES) {
            throw new IllegalStateException(setting + " must hold at least " + MINIMUM_BYTES + " bytes; it holds "
                    + secret.length + ". Generate one with: openssl rand -base64 32");
        }
        return new Master(secret);
    }

    /** One master secret; {@link #id()} names it in links and wrapped keys without telling anything of it. */
    public static final class Master {
        private final byte[] secret;
        private final String id;

        Master(byte[] secret) {
            this.secret = secret.clone();
            this.id = Base64.getUrlEncoder().withoutPadding().encodeToString(derive("groundswell key id", 6));
        }

        public String id() {
            return id;
        }

        /** A 256-bit key of its own for each purpose. */
        public byte[] key(String purpose) {
            return derive("groundswell " + purpose, 32);
        }

        private byte[] derive(String info, int length) {
            return Hkdf.derive(SALT, secret, info.getBytes(StandardCharsets.UTF_8), length);
        }

        @Override
        public String toString() {
            return "master " + id;
        }
    }

    /** The current master (signs and wraps) and, during a rotation, the previous one (still verifies and unwraps). */
    public record Ring(Master current, Optional<Master> previous) {

        public Optional<Master> byId(String id) {
            if (current.id().equals(id)) {
                return Optional.of(current);
            }
            return previous.filter(p -> p.id().equals(id));
        }

        public List<Master> all() {
            return previous.map(p -> List.of(current, p)).orElse(List.of(current));
        }

        @Override
        public String toString() {
            return "keys " + Arrays.toString(all().stream().map(Master::id).toArray());
        }
    }
}

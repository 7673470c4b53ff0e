package org.groundswell.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** HKDF (RFC 5869) with HMAC-SHA256: keys for separate purposes derived from one master secret. */
public final class Hkdf {

    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /** Extract then expand: {@code length} bytes of key material for {@code info}. */
    public static byte[] derive(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length) {
        return expand(extract(salt, inputKeyMaterial), info, length);
    }

    /** The pseudorandom key; an empty or missing salt is a string of zeros, as RFC 5869 says. */
    public static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
        return hmac(salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt, inputKeyMaterial);
    }

    public static byte[] expand(byte[] pseudorandomKey, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 gives 1 to " + 255 * HASH_LENGTH + " bytes, not " + length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + HASH_LENGTH);
        byte[] previous = new byte[0];
        for (int counter = 1; out.size() < length; counter++) {
            byte[] block = new byte[previous.length + info.length + 1];
            System.arraycopy(previous, 0, block, 0, previous.length);
            System.arraycopy(info, 0, block, previous.length, info.length);
            block[block.length - 1] = (byte) counter;
            previous = hmac(pseudorandomKey, block);
            out.writeBytes(previous);
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}

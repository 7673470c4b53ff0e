package org.groundswell.security;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A key stored encrypted under a master secret (AES-256-GCM with a key derived for this purpose, the key's name as
 * associated data): the database holds it, but without the master it is useless, in a backup as anywhere.
 */
public final class KeyWrap {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;

    private KeyWrap() {
    }

    public static String wrap(MasterKeys.Master master, String name, byte[] key) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, master, name, nonce, key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                .put(nonce).put(sealed).array());
    }

    /** The key, or {@link IllegalStateException} when it was not wrapped by this master under this name. */
    public static byte[] unwrap(MasterKeys.Master master, String name, String wrapped) {
        byte[] bytes = Base64.getUrlDecoder().decode(wrapped);
        byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
        byte[] sealed = java.util.Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
        return cipher(Cipher.DECRYPT_MODE, master, name, nonce, sealed);
    }

    private static byte[] cipher(int mode, MasterKeys.Master master, String name, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(master.key("key wrapping"), "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The key " + name + " does not open with " + master
                    + ": it was wrapped under another master secret, or altered", e);
        }
    }
}

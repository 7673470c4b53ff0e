package org.groundswell.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.groundswell.common.Tokens;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Links that act on one signature without a stored token: {@code <key id>.<id>.<HMAC of purpose and id>}, the HMAC
 * keyed by the links key of the master secret named by the key id. They never expire (an unsubscribe link must work
 * in a mail read months later) and cost no write when a mail is sent. The current master signs; during a rotation
 * the previous one still verifies, so links mailed before it keep working until it is removed.
 */
@ApplicationScoped
public class SignedLinks {

    public static final String UNSUBSCRIBE = "unsubscribe";
    public static final String REMOVE = "remove";

    private final String currentId;
    private final Map<String, ThreadLocal<Mac>> macs;

    @Inject
    public SignedLinks(ServiceSecrets secrets) {
        this(secrets.ring());
    }

    public SignedLinks(MasterKeys.Ring ring) {
        this.currentId = ring.current().id();
        this.macs = ring.all().stream().collect(Collectors.toUnmodifiableMap(MasterKeys.Master::id,
                (Function<MasterKeys.Master, ThreadLocal<Mac>>) master -> KeyedHashes.hmac(master.key("links"))));
    }

    public String token(String purpose, long signatureId) {
        return currentId + "." + signatureId + "." + signature(macs.get(currentId), purpose, signatureId);
    }

    /** The signature id a token of that purpose stands for, if the token is ours (signed by a master we have). */
    public OptionalLong verify(String purpose, String token) {
        if (token == null || token.length() > 100) {
            return OptionalLong.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return OptionalLong.empty();
        }
        ThreadLocal<Mac> mac = macs.get(parts[0]);
        if (mac == null) {
            return OptionalLong.empty();
        }
        long id;
        try {
            id = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        return parts[1].equals(Long.toString(id)) && Tokens.constantTimeEquals(signature(mac, purpose, id), parts[2])
                ? OptionalLong.of(id) : OptionalLong.empty();
    }

    private static String signature(ThreadLocal<Mac> mac, String purpose, long id) {
        byte[] digest = mac.get().doFinal((purpose + ":" + id).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }
}

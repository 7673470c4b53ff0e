package org.groundswell.security;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's keys. None is stored in the clear: the master secret comes from the environment
 * ({@code groundswell.secret-key}, see {@link MasterKeys}); keys of links and the form stamp are derived from it and
 * change with it; the keys of stored identifier hashes are random, made once, and kept in the database wrapped under
 * the master ({@link IdentifierKeys}: a rotation never changes them). The service does not start without a usable
 * master.
 */
@ApplicationScoped
public class ServiceSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKeys.Ring ring;
    private final SecretRepository secrets;
    private final Map<String, byte[]> identifierKeys = new ConcurrentHashMap<>();

    public ServiceSecrets(GroundswellConfig config, SecretRepository secrets) {
        this.ring = MasterKeys.ring(config.secretKey(), config.secretKeyPrevious());
        this.secrets = secrets;
    }

    void checkOnStart(@Observes StartupEvent event) {
        // Creating this bean checked the master secrets; the identifier keys are opened now, so that a master that
        // cannot open them stops the start instead of the first signature.
        identifierKey(KeyedHashes.MAILBOX);
        identifierKey(KeyedHashes.CLIENT_ADDRESS);
        identifierKey(KeyedHashes.API_KEY);
        Log.infof("Keys: master %s%s", ring.current().id(),
                ring.previous().map(p -> ", previous master " + p.id() + " still verifies links").orElse(""));
    }

    /** The masters: the current one signs, the previous one (during a rotation) still verifies. */
    public MasterKeys.Ring ring() {
        return ring;
    }

    /** The 256-bit key of that purpose, derived from the current master: it changes when the master is rotated. */
    public byte[] key(String purpose) {
        return ring.current().key(purpose);
    }

    /** The 256-bit key of stored identifier hashes of that name: made once, the same across rotations. */
    public byte[] identifierKey(String name) {
        return identifierKeys.computeIfAbsent(name, n -> QuarkusTransaction.requiringNew().call(() -> openOrCreate(n)));
    }

    private byte[] openOrCreate(String name) {
        for (int attempt = 0; attempt < 2; attempt++) {
            IdentifierKeys.Decision decision = IdentifierKeys.decide(name, secrets.copiesOf(name), ring);
            if (decision instanceof IdentifierKeys.Decision.Use use) {
                if (use.wrapForCurrent()) {
                    secrets.insert(name, ring.current().id(), KeyWrap.wrap(ring.current(), name, use.key()));
                    Log.infof("The %s key is now also wrapped under master %s", name, ring.current().id());
                }
                secrets.delete(name, use.dropKeyIds());
                return use.key();
            }
            if (decision instanceof IdentifierKeys.Decision.Refuse refuse) {
                throw new IllegalStateException(refuse.message());
            }
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            secrets.insert(name, ring.current().id(), KeyWrap.wrap(ring.current(), name, key));
            // Another replica may have written its own first: read again, and use whichever is stored.
        }
        throw new IllegalStateException("The " + name + " key could not be stored");
    }
}

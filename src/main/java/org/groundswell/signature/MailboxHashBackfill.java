package org.groundswell.signature;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.security.KeyedHashes;

import java.util.List;

/**
 * Gives signatures stored before mailbox hashes existed their hash, in the background after start, so that the
 * per-mailbox limit, the suppression list and updates treat them like any other. The key is the service's own, so
 * the database cannot do it alone. Idempotent: replicas doing it together write the same values.
 */
@ApplicationScoped
public class MailboxHashBackfill {

    private static final int CHUNK = 1_000;

    private final SignatureRepository signatures;
    private final KeyedHashes hashes;

    public MailboxHashBackfill(SignatureRepository signatures, KeyedHashes hashes) {
        this.signatures = signatures;
        this.hashes = hashes;
    }

    void onStart(@Observes StartupEvent event, GroundswellConfig config) {
        if (config.jobs().enabled()) {
            Thread backfill = new Thread(this::run, "mailbox-hash-backfill");
            backfill.setDaemon(true);
            backfill.start();
        }
    }

    int run() {
        int done = 0;
        try {
            List<SignatureRepository.Unhashed> chunk;
            do {
                chunk = QuarkusTransaction.requiringNew().call(() -> {
                    List<SignatureRepository.Unhashed> rows = signatures.withoutMailboxHash(CHUNK);
                    for (SignatureRepository.Unhashed row : rows) {
                        signatures.setMailboxHash(row.id(), hashes.ofMailbox(row.email()));
                    }
                    return rows;
                });
                done += chunk.size();
            } while (chunk.size() == CHUNK);
        } catch (RuntimeException e) {
            Log.warnf("Mailbox hashes of older signatures not all written (%d done): %s", done, e.getClass().getSimpleName());
        }
        if (done > 0) {
            Log.infof("Mailbox hashes written for %d older signatures", done);
        }
        return done;
    }
}

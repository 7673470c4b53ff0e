package org.groundswell.signature;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;
import org.groundswell.security.KeyedHashes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives signatures the hash of their canonical mailbox ({@link org.groundswell.common.EmailAddresses#mailbox}) where
 * they have none (stored before mailbox hashes existed) or one of an older form (marked by the V13 migration: Gmail
 * addresses with dots, googlemail.com, and +tag twins of another signature of the same campaign), in the background
 * after start, so that the per-mailbox limit, the suppression list, erasure and the one-signature-per-mailbox rule
 * treat them like any other. The key is the service's own, so the database cannot do it alone.
 * <p>
 * A chunk at a time, each in a transaction of its own under an advisory lock, so replicas starting together take
 * chunks one after the other. On the way: a mailbox suppressed under its old hash is suppressed under the new one
 * too, and when a campaign turns out to hold two signatures of one mailbox, one stays ({@link #keeper}) and the
 * other is deleted with its tokens and mails, leaving the count if it was counted.
 */
@ApplicationScoped
public class MailboxHashBackfill {

    static final int CHUNK = 5_000;
    /** Chunks failing one after the other before the backfill stops until the next start (about ten minutes). */
    private static final int ATTEMPTS = 25;

    private final SignatureRepository signatures;
    private final KeyedHashes hashes;
    private final SignatureTally tally;
    private final Outbox outbox;

    public MailboxHashBackfill(SignatureRepository signatures, KeyedHashes hashes, SignatureTally tally, Outbox outbox) {
        this.signatures = signatures;
        this.hashes = hashes;
        this.tally = tally;
        this.outbox = outbox;
    }

    void onStart(@Observes StartupEvent event, GroundswellConfig config) {
        if (config.jobs().enabled()) {
            Thread backfill = new Thread(this::run, "mailbox-hash-backfill");
            backfill.setDaemon(true);
            backfill.start();
        }
    }

    /** What a run (or a chunk) did: signatures given their hash, and twins deleted; {@code examined}: stale rows read. */
    public record Done(int hashed, int merged, int examined) {
    }

    public Done run() {
        int hashed = 0;
        int merged = 0;
        int failures = 0;
        long started = System.nanoTime();
        while (true) {
            Done chunk;
            try {
                chunk = QuarkusTransaction.requiringNew().call(this::chunk);
                failures = 0;
            } catch (RuntimeException e) {
                // A signer of the same mailbox and campaign got in between (unique index), or the database is away
                // (restarting, failing over): the chunk again, after a pause that grows, for some minutes.
                if (++failures >= ATTEMPTS) {
                    Log.warnf("Mailbox hashes not all written (%d done; the next start goes on): %s", hashed,
                            e.getClass().getSimpleName());
                    break;
                }
                try {
                    Thread.sleep(Math.min(30_000L, 250L << failures));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                continue;
            }
            hashed += chunk.hashed();
            merged += chunk.merged();
            if (chunk.examined() < CHUNK) {
                break;
            }
        }
        if (hashed + merged > 0) {
            Log.infof("Mailbox hashes written for %d signatures in %d ms; %d signatures of a mailbox a campaign held already were merged into it",
                    hashed, (System.nanoTime() - started) / 1_000_000, merged);
        }
        return new Done(hashed, merged, hashed + merged);
    }

    private Done chunk() {
        signatures.lockMailboxBackfill();
        List<SignatureRepository.StaleMailbox> rows = signatures.staleMailboxHashes(CHUNK);
        if (rows.isEmpty()) {
            return new Done(0, 0, 0);
        }
        Map<Long, String> canonical = new LinkedHashMap<>();
        List<String> oldHashes = new ArrayList<>();
        for (SignatureRepository.StaleMailbox row : rows) {
            canonical.put(row.id(), hashes.ofMailbox(row.email()));
            if (row.mailboxHash() != null) {
                oldHashes.add(row.mailboxHash());
            }
        }
        // The supporter's "no mail from any campaign" follows the mailbox to its new hash.
        if (!oldHashes.isEmpty()) {
            Set<String> suppressed = new HashSet<>(signatures.suppressedAmong(oldHashes));
            List<String> carried = rows.stream().filter(r -> r.mailboxHash() != null && suppressed.contains(r.mailboxHash()))
                    .map(r -> canonical.get(r.id())).toList();
            signatures.suppressAll(carried);
        }
        // One signature per campaign and mailbox: the rows of this chunk and those holding their key already.
        Map<String, List<SignatureRepository.MailboxHolder>> byKey = new LinkedHashMap<>();
        Set<Long> inChunk = new HashSet<>(canonical.keySet());
        for (SignatureRepository.StaleMailbox row : rows) {
            String hash = canonical.get(row.id());
            byKey.computeIfAbsent(AbuseLimits.mailboxKey(row.campaignId(), hash), k -> new ArrayList<>())
                    .add(new SignatureRepository.MailboxHolder(row.id(), row.campaignId(), hash, row.status()));
        }
        for (SignatureRepository.MailboxHolder holder : signatures.holdersOf(
                rows.stream().map(SignatureRepository.StaleMailbox::campaignId).toList(),
                rows.stream().map(r -> canonical.get(r.id())).toList())) {
            if (!inChunk.contains(holder.id())) {
                byKey.computeIfAbsent(AbuseLimits.mailboxKey(holder.campaignId(), holder.mailboxHash()), k -> new ArrayList<>())
                        .add(holder);
            }
        }
        List<Long> ids = new ArrayList<>();
        List<String> newHashes = new ArrayList<>();
        int merged = 0;
        for (List<SignatureRepository.MailboxHolder> twins : byKey.values()) {
            SignatureRepository.MailboxHolder keeper = keeper(twins);
            for (SignatureRepository.MailboxHolder twin : twins) {
                if (twin != keeper) {
                    delete(twin.id());
                    merged++;
                }
            }
            if (inChunk.contains(keeper.id())) {
                ids.add(keeper.id());
                newHashes.add(keeper.mailboxHash());
            }
        }
        signatures.setMailboxHashes(ids, newHashes);
        return new Done(ids.size(), merged, rows.size());
    }

    /**
     * Of signatures of one mailbox in one campaign, the one that stays: a confirmed one before a pending one, before
     * a held one, before an invalidated one; among equals the oldest.
     */
    static SignatureRepository.MailboxHolder keeper(List<SignatureRepository.MailboxHolder> twins) {
        return twins.stream().min(Comparator.comparingInt((SignatureRepository.MailboxHolder t) -> rank(t.status()))
                .thenComparingLong(SignatureRepository.MailboxHolder::id)).orElseThrow();
    }

    private static int rank(String status) {
        return switch (SignatureStatus.valueOf(status)) {
            case CONFIRMED -> 0;
            case PENDING -> 1;
            case HELD -> 2;
            case INVALIDATED -> 3;
        };
    }

    /** As an erasure deletes: its tokens and mails go, and it leaves the count if it was counted. */
    private void delete(long signatureId) {
        signatures.delete(signatureId).ifPresent(deleted -> {
            outbox.deleteOf(List.of(deleted.id()));
            if (deleted.status() == SignatureStatus.CONFIRMED) {
                tally.record(deleted.campaignId(), deleted.country(), deleted.region(), deleted.district(), -1);
            }
        });
    }
}

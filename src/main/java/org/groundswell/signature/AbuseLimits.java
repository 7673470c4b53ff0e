package org.groundswell.signature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The abuse limits as a policy: plain values in (the signatures the database holds per client address and campaign,
 * the confirmation mails per mailbox, the suppressed mailboxes, the configured limits), a decision out for each
 * request of a batch, counting what the batch itself adds as it goes. A request over a limit is stored HELD: no
 * mail, not counted, the same answer as any other.
 * <p>
 * The limits are checked in the order of {@link HoldReason}: the address's burst, its sustained rate, the
 * suppression list, the mailbox's day. Every signature of an address counts towards that address's limits, held
 * or not (it was made); only a signature that is not held uses up one of its mailbox's confirmation mails.
 */
public final class AbuseLimits {

    /** The configured limits. */
    public record Limits(long addressBurst, long addressSustained, long mailboxPerDay) {
    }

    /** Signatures stored for one address key: within the burst window, and within the sustained window. */
    public record AddressCount(long burst, long sustained) {
        public static final AddressCount NONE = new AddressCount(0, 0);
    }

    /** Every limit a request met, in the order they are checked; none when it passes. */
    public record Decision(List<HoldReason> reasons) {

        static final Decision PASS = new Decision(List.of());

        public Decision {
            reasons = List.copyOf(reasons);
        }

        public boolean held() {
            return !reasons.isEmpty();
        }

        /** The reason a held signature is stored with: the first limit it met (null when it passes). */
        public HoldReason first() {
            return reasons.isEmpty() ? null : reasons.get(0);
        }
    }

    private final Limits limits;

    public AbuseLimits(Limits limits) {
        this.limits = limits;
    }

    /** The key a client address's limits are counted under: its campaign and its hash. */
    public static String addressKey(long campaignId, String clientHash) {
        return campaignId + "/" + clientHash;
    }

    /**
     * One request per campaign and e-mail address (the first: a repeat within the batch gets the same answer), in
     * key order, so that concurrent batches take the unique index's locks in the same order and cannot deadlock.
     */
    public static List<SigningRequest> distinct(List<SigningRequest> requests) {
        List<SigningRequest> sorted = new ArrayList<>(requests);
        sorted.sort(Comparator.comparingLong(SigningRequest::campaignId).thenComparing(SigningRequest::email));
        Map<String, SigningRequest> unique = new LinkedHashMap<>();
        for (SigningRequest request : sorted) {
            unique.putIfAbsent(request.campaignId() + "/" + request.email(), request);
        }
        return List.copyOf(unique.values());
    }

    /**
     * The decisions for one batch, given what the database holds: {@code addressCounts} by {@link #addressKey},
     * {@code mailboxCounts} (confirmation mails in the last day) by mailbox hash, the {@code suppressed} mailboxes.
     * Keys absent from the maps count zero.
     */
    public Batch batch(Map<String, AddressCount> addressCounts, Map<String, Long> mailboxCounts, Set<String> suppressed) {
        return new Batch(addressCounts, mailboxCounts, suppressed);
    }

    /** Decides the requests of one batch in order, each counted for those after it. */
    public final class Batch {

        private final Map<String, AddressCount> stored;
        private final Map<String, Long> mailboxCounts;
        private final Set<String> suppressed;
        private final Map<String, Seen> seen = new HashMap<>();

        private Batch(Map<String, AddressCount> stored, Map<String, Long> mailboxCounts, Set<String> suppressed) {
            this.stored = stored;
            this.mailboxCounts = new HashMap<>(mailboxCounts);
            this.suppressed = suppressed == null ? Collections.emptySet() : suppressed;
        }

        public Decision decide(String addressKey, String mailboxHash) {
            Seen address = seen.computeIfAbsent(addressKey, k -> new Seen(stored.getOrDefault(k, AddressCount.NONE)));
            List<HoldReason> reasons = null;
            if (address.burst >= limits.addressBurst()) {
                reasons = add(reasons, HoldReason.ADDRESS_BURST);
            }
            if (address.sustained >= limits.addressSustained()) {
                reasons = add(reasons, HoldReason.ADDRESS_SUSTAINED);
            }
            if (suppressed.contains(mailboxHash)) {
                reasons = add(reasons, HoldReason.SUPPRESSED);
            }
            if (mailboxCounts.getOrDefault(mailboxHash, 0L) >= limits.mailboxPerDay()) {
                reasons = add(reasons, HoldReason.MAILBOX);
            }
            address.burst++;
            address.sustained++;
            if (reasons == null) {
                mailboxCounts.merge(mailboxHash, 1L, Long::sum);
                return Decision.PASS;
            }
            return new Decision(reasons);
        }

        private static List<HoldReason> add(List<HoldReason> reasons, HoldReason reason) {
            List<HoldReason> list = reasons == null ? new ArrayList<>(4) : reasons;
            list.add(reason);
            return list;
        }
    }

    /** What an address has: stored, plus this batch's requests so far. */
    private static final class Seen {
        long burst;
        long sustained;

        Seen(AddressCount stored) {
            this.burst = stored.burst();
            this.sustained = stored.sustained();
        }
    }
}

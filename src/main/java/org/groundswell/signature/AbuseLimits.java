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
 * The abuse limits as a policy: plain values in (the signatures the database holds per client address, per IPv6
 * /48 and per campaign, the confirmation mails per mailbox, the suppressed mailboxes, the configured limits), a
 * decision out for each request of a batch, counting what the batch itself adds as it goes. A request over a limit
 * is stored HELD: no mail, not counted, the same answer as any other.
 * <p>
 * Every limit is checked, in the order of {@link HoldReason} (the address's burst and sustained rate, the /48's,
 * the campaign's budget, the suppression list, the mailbox's day), and a held signature records every one it met,
 * so that lifting one (a reviewer's release) leaves the others standing. Every signature of an address or network
 * counts towards its limits, held or not (it was made); only a signature that is not held uses up one of its
 * mailbox's confirmation mails and one of its campaign's budget.
 * <p>
 * A request made with a partner's API key ({@link SigningOrigin}) is not counted by client address or network at
 * all: one partner server signs for many people, and the key's own budget ({@link KeyBudget}, applied before the
 * request is queued) stands in for those limits. The campaign's budget, the suppression list and the mailbox's day
 * apply to it as to any other.
 * <p>
 * Releasing held signatures is decided here too ({@link #release}): the mailbox's limits again, as when signing,
 * and the reviewer's own caps.
 */
public final class AbuseLimits {

    /** The configured limits. */
    public record Limits(long addressBurst, long addressSustained, long networkBurst, long networkSustained,
                         long campaignBudget, long mailboxPerDay) {
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

    /** The key a client address's (or a network's) limits are counted under: its campaign and its hash. */
    public static String addressKey(long campaignId, String clientHash) {
        return campaignId + "/" + clientHash;
    }

    /** The key one campaign and mailbox are unique under: one signature per campaign and canonical mailbox. */
    public static String mailboxKey(long campaignId, String mailboxHash) {
        return campaignId + "/" + mailboxHash;
    }

    /**
     * One request per campaign and canonical mailbox (the first: a repeat within the batch, or another variant of the
     * same mailbox, gets the same answer), in key order, so that concurrent batches take the unique indexes' locks in
     * the same order and cannot deadlock.
     */
    public static List<SigningRequest> distinct(List<SigningRequest> requests) {
        List<SigningRequest> sorted = new ArrayList<>(requests);
        sorted.sort(Comparator.comparing(SigningRequest::mailboxHash).thenComparingLong(SigningRequest::campaignId)
                .thenComparing(SigningRequest::email));
        Map<String, SigningRequest> unique = new LinkedHashMap<>();
        for (SigningRequest request : sorted) {
            unique.putIfAbsent(mailboxKey(request.campaignId(), request.mailboxHash()), request);
        }
        return List.copyOf(unique.values());
    }

    /**
     * The decisions for one batch, given what the database holds: {@code addressCounts} and {@code networkCounts}
     * (IPv6 /48s) by {@link #addressKey}, {@code campaignCounts} (new signatures within the budget's window) by
     * campaign id, {@code mailboxCounts} (confirmation mails in the last day) by mailbox hash, the {@code suppressed}
     * mailboxes. Keys absent from the maps count zero.
     */
    public Batch batch(Map<String, AddressCount> addressCounts, Map<String, AddressCount> networkCounts,
                       Map<Long, Long> campaignCounts, Map<String, Long> mailboxCounts, Set<String> suppressed) {
        return new Batch(addressCounts, networkCounts, campaignCounts, mailboxCounts, suppressed);
    }

    /** For the tests and callers without networks or budgets in play. */
    public Batch batch(Map<String, AddressCount> addressCounts, Map<String, Long> mailboxCounts, Set<String> suppressed) {
        return batch(addressCounts, Map.of(), Map.of(), mailboxCounts, suppressed);
    }

    /** Decides the requests of one batch in order, each counted for those after it. */
    public final class Batch {

        private final Map<String, AddressCount> stored;
        private final Map<String, AddressCount> storedNetworks;
        private final Map<Long, Long> campaignCounts;
        private final Map<String, Long> mailboxCounts;
        private final Set<String> suppressed;
        private final Map<String, Seen> seen = new HashMap<>();
        private final Map<String, Seen> seenNetworks = new HashMap<>();

        private Batch(Map<String, AddressCount> stored, Map<String, AddressCount> storedNetworks, Map<Long, Long> campaignCounts,
                      Map<String, Long> mailboxCounts, Set<String> suppressed) {
            this.stored = stored;
            this.storedNetworks = storedNetworks;
            this.campaignCounts = new HashMap<>(campaignCounts);
            this.mailboxCounts = new HashMap<>(mailboxCounts);
            this.suppressed = suppressed == null ? Collections.emptySet() : suppressed;
        }

        /** A request without a network of its own (IPv4) in a campaign that is not counted: the tests' shorthand. */
        public Decision decide(String addressKey, String mailboxHash) {
            return decide(addressKey, null, -1, mailboxHash);
        }

        /** {@code networkKey}: the IPv6 /48's {@link #addressKey}, null for an IPv4 client. */
        public Decision decide(String addressKey, String networkKey, long campaignId, String mailboxHash) {
            return decide(addressKey, networkKey, campaignId, mailboxHash, false);
        }

        /**
         * {@code underKey}: made with a partner's API key, so neither checked nor counted by client address or
         * network (the keys may then be null); the other limits as for any request.
         */
        public Decision decide(String addressKey, String networkKey, long campaignId, String mailboxHash, boolean underKey) {
            Seen address = underKey ? null
                    : seen.computeIfAbsent(addressKey, k -> new Seen(stored.getOrDefault(k, AddressCount.NONE)));
            Seen network = underKey || networkKey == null ? null
                    : seenNetworks.computeIfAbsent(networkKey, k -> new Seen(storedNetworks.getOrDefault(k, AddressCount.NONE)));
            List<HoldReason> reasons = null;
            if (address != null && address.burst >= limits.addressBurst()) {
                reasons = add(reasons, HoldReason.ADDRESS_BURST);
            }
            if (address != null && address.sustained >= limits.addressSustained()) {
                reasons = add(reasons, HoldReason.ADDRESS_SUSTAINED);
            }
            if (network != null && network.burst >= limits.networkBurst()) {
                reasons = add(reasons, HoldReason.NETWORK_BURST);
            }
            if (network != null && network.sustained >= limits.networkSustained()) {
                reasons = add(reasons, HoldReason.NETWORK_SUSTAINED);
            }
            if (campaignCounts.getOrDefault(campaignId, 0L) >= limits.campaignBudget()) {
                reasons = add(reasons, HoldReason.CAMPAIGN);
            }
            if (suppressed.contains(mailboxHash)) {
                reasons = add(reasons, HoldReason.SUPPRESSED);
            }
            if (mailboxCounts.getOrDefault(mailboxHash, 0L) >= limits.mailboxPerDay()) {
                reasons = add(reasons, HoldReason.MAILBOX);
            }
            if (address != null) {
                address.burst++;
                address.sustained++;
            }
            if (network != null) {
                network.burst++;
                network.sustained++;
            }
            if (reasons == null) {
                mailboxCounts.merge(mailboxHash, 1L, Long::sum);
                campaignCounts.merge(campaignId, 1L, Long::sum);
                return Decision.PASS;
            }
            return new Decision(reasons);
        }
    }

    /** The reviewer's caps on releasing held signatures: per request, and per campaign in a day. */
    public record ReleaseCaps(long perCall, long perDay) {
    }

    /**
     * Releasing held signatures of one campaign: {@code releasedToday} were released in the last day, this call has
     * released {@code releasedThisCall} so far; {@code mailboxCounts} and {@code suppressed} as for {@link #batch}.
     * The address, network and campaign limits are the reviewer's to lift; the mailbox's are not.
     */
    public Release release(ReleaseCaps caps, long releasedToday, long releasedThisCall, Map<String, Long> mailboxCounts,
                           Set<String> suppressed) {
        return new Release(Math.max(0, Math.min(caps.perCall() - releasedThisCall, caps.perDay() - releasedToday)),
                mailboxCounts, suppressed);
    }

    /** Decides held signatures in order, each released one counted for those after it. */
    public final class Release {

        private long remaining;
        private final Map<String, Long> mailboxCounts;
        private final Set<String> suppressed;

        private Release(long remaining, Map<String, Long> mailboxCounts, Set<String> suppressed) {
            this.remaining = remaining;
            this.mailboxCounts = new HashMap<>(mailboxCounts);
            this.suppressed = suppressed == null ? Collections.emptySet() : suppressed;
        }

        /** The caps are used up: nothing more is released, and the signatures not decided yet stay as they are. */
        public boolean capped() {
            return remaining <= 0;
        }

        /** PASS: release it (its confirmation mail goes out); else the mailbox limits that keep it held. */
        public Decision decide(String mailboxHash) {
            if (capped()) {
                throw new IllegalStateException("capped: ask capped() first");
            }
            List<HoldReason> reasons = null;
            if (suppressed.contains(mailboxHash)) {
                reasons = add(reasons, HoldReason.SUPPRESSED);
            }
            if (mailboxCounts.getOrDefault(mailboxHash, 0L) >= limits.mailboxPerDay()) {
                reasons = add(reasons, HoldReason.MAILBOX);
            }
            if (reasons != null) {
                return new Decision(reasons);
            }
            mailboxCounts.merge(mailboxHash, 1L, Long::sum);
            remaining--;
            return Decision.PASS;
        }
    }

    private static List<HoldReason> add(List<HoldReason> reasons, HoldReason reason) {
        List<HoldReason> list = reasons == null ? new ArrayList<>(4) : reasons;
        list.add(reason);
        return list;
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

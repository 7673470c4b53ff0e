package org.groundswell.signature.review;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.InvalidInputException;
import org.groundswell.congress.UsStates;
import org.groundswell.mail.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.signature.AbuseLimits;
import org.groundswell.signature.ConfirmationMails;
import org.groundswell.signature.SignatureBatchRepository;
import org.groundswell.signature.SignatureBatchWriter;
import org.hibernate.Session;
import org.groundswell.signature.HoldReason;
import org.groundswell.signature.Selection;
import org.groundswell.signature.SignatureRepository;
import org.groundswell.signature.SupporterMails;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Abuse review: what the limits held and what came in lately, grouped by client address hash, e-mail domain and
 * minute; releasing held signatures (their confirmation mails go out) or invalidating signatures (out of the count
 * if they were confirmed, out of exports) in bulk. Every hour the busiest addresses and domains are logged and
 * published as metrics.
 */
@ApplicationScoped
public class ReviewService {

    private static final int GROUPS = 50;
    /** Held signatures decided per transaction of a release (each locks their mailboxes' keys). */
    private static final int RELEASE_CHUNK = 500;

    private final ReviewRepository reviews;
    private final SignatureRepository signatures;
    private final Outbox outbox;
    private final SupporterMails mails;
    private final Clock clock;
    private final SignatureBatchRepository limitReads;
    private final Session session;
    private final AbuseLimits policy;
    private final AbuseLimits.ReleaseCaps caps;
    private final AtomicLong trendingAddress = new AtomicLong();
    private final AtomicLong trendingDomain = new AtomicLong();

    public ReviewService(ReviewRepository reviews, SignatureRepository signatures, Outbox outbox, SupporterMails mails,
                         Clock clock, MeterRegistry registry, SignatureBatchRepository limitReads, Session session,
                         GroundswellConfig config) {
        this.reviews = reviews;
        this.signatures = signatures;
        this.outbox = outbox;
        this.mails = mails;
        this.clock = clock;
        this.limitReads = limitReads;
        this.session = session;
        GroundswellConfig.Limits limits = config.limits();
        this.policy = new AbuseLimits(new AbuseLimits.Limits(limits.addressBurst(), limits.addressSustained(),
                limits.networkBurst(), limits.networkSustained(), limits.campaignBudget(), limits.mailboxPerDay()));
        this.caps = new AbuseLimits.ReleaseCaps(limits.releasePerCall(), limits.releasePerDay());
        registry.gauge("groundswell.trending.signatures", List.of(io.micrometer.core.instrument.Tag.of("by", "address")), trendingAddress);
        registry.gauge("groundswell.trending.signatures", List.of(io.micrometer.core.instrument.Tag.of("by", "domain")), trendingDomain);
    }

    /**
     * {@code heldByReason}: the held signatures of the window by each limit they met (one met by two limits counts
     * under both).
     */
    public record Review(Instant since, Map<String, Long> heldByReason, List<ReviewRepository.Group> byAddress,
                         List<ReviewRepository.Group> byDomain, List<ReviewRepository.Group> byMinute) {
    }

    @Transactional
    public Review review(CampaignSnapshot campaign, Duration window) {
        Instant since = clock.instant().minus(window);
        return new Review(since, reviews.heldByReason(campaign.id(), since), reviews.groups(campaign.id(), "address", since, GROUPS),
                reviews.groups(campaign.id(), "domain", since, GROUPS), reviews.groups(campaign.id(), "minute", since, GROUPS));
    }

    /**
     * What a release did: signatures released (their confirmation mails go out), signatures the mailbox's limits
     * keep held (suppressed, or the mailbox had its day's mails), and whether the reviewer's caps stopped it before
     * the end of the selection.
     */
    public record Released(int released, int kept, boolean capped) {
    }

    /**
     * HELD → PENDING, each with a confirmation mail: the reviewer lifts the address, network and campaign limits, but
     * not the mailbox's. Each mailbox is checked again as signing checks it (its suppression, its day's mails), under
     * the same locks, and one over its limits stays held (for those limits only); a release takes at most the
     * configured number per call and per campaign in 24 hours. A chunk of signatures per transaction.
     */
    public Released release(CampaignSnapshot campaign, Selection selection) {
        requireSome(selection);
        int released = 0;
        int kept = 0;
        long after = 0;
        while (true) {
            long afterId = after;
            int soFar = released;
            Chunk chunk = QuarkusTransaction.requiringNew().call(() -> releaseChunk(campaign, selection, afterId, soFar));
            released += chunk.released();
            kept += chunk.kept();
            after = chunk.lastId();
            if (chunk.capped() || chunk.last()) {
                if (released + kept > 0) {
                    Log.infof("Review released %d held signatures of %s (%d kept held by their mailbox's limits%s)", released,
                            campaign.slug(), kept, chunk.capped() ? "; the release caps stopped it" : "");
                }
                return new Released(released, kept, chunk.capped());
            }
        }
    }

    private record Chunk(int released, int kept, long lastId, boolean last, boolean capped) {
    }

    private Chunk releaseChunk(CampaignSnapshot campaign, Selection selection, long afterId, int releasedThisCall) {
        List<SignatureRepository.Held> seen = signatures.heldForRelease(campaign.id(), selection, afterId, RELEASE_CHUNK, null);
        if (seen.isEmpty()) {
            return new Chunk(0, 0, afterId, true, false);
        }
        long lastId = seen.get(seen.size() - 1).id();
        boolean last = seen.size() < RELEASE_CHUNK;
        // The locks signing takes for these mailboxes, and the campaign's release lock, in one statement (one order).
        List<String> keys = new ArrayList<>();
        keys.add("release:" + campaign.id());
        seen.forEach(h -> keys.add(SignatureBatchWriter.mailboxLockKey(h.mailboxHash())));
        Set<String> mailboxes = new LinkedHashSet<>();
        seen.forEach(h -> mailboxes.add(h.mailboxHash()));
        Counts counts = session.doReturningWork(connection -> {
            limitReads.lockLimitKeys(connection, keys);
            return new Counts(limitReads.mailboxCounts(connection, mailboxes), limitReads.suppressed(connection, mailboxes));
        });
        // Held still (a signer may have lifted one meanwhile), now that nobody else counts these mailboxes.
        List<SignatureRepository.Held> held = signatures.heldForRelease(campaign.id(), selection, afterId, RELEASE_CHUNK,
                seen.stream().map(SignatureRepository.Held::id).toList());
        long releasedToday = signatures.releasedInLastDay(campaign.id());
        AbuseLimits.Release decide = policy.release(caps, releasedToday, releasedThisCall, counts.mailboxes(), counts.suppressed());
        List<Long> release = new ArrayList<>();
        Map<Long, List<HoldReason>> keep = new LinkedHashMap<>();
        boolean capped = false;
        for (SignatureRepository.Held signature : held) {
            if (decide.capped()) {
                capped = true;
                break;
            }
            AbuseLimits.Decision decision = decide.decide(signature.mailboxHash());
            if (decision.held()) {
                keep.put(signature.id(), decision.reasons());
            } else {
                release.add(signature.id());
            }
        }
        capped = capped || decide.capped() && !last;
        signatures.holdFor(keep);
        List<SignatureRepository.Released> released = signatures.release(release);
        ConfirmationMails confirmations = new ConfirmationMails(mails, signatures, outbox);
        for (SignatureRepository.Released signature : released) {
            confirmations.add(signature.id(), signature.email(), campaign.title());
        }
        confirmations.write();
        return new Chunk(released.size(), keep.size(), lastId, last, capped);
    }

    private record Counts(Map<String, Long> mailboxes, Set<String> suppressed) {
    }

    /** Takes signatures out: not counted (if they were), not exported, their unsent mails cancelled. */
    @Transactional
    public int invalidate(CampaignSnapshot campaign, Selection selection) {
        requireSome(selection);
        List<Long> ids = signatures.invalidate(campaign.id(), selection, UsStates.codes());
        outbox.cancelUnsentOf(ids);
        int invalidated = ids.size();
        Log.infof("Review invalidated %d signatures of %s", invalidated, campaign.slug());
        return invalidated;
    }

    private static void requireSome(Selection selection) {
        if (selection.isEmpty()) {
            throw new InvalidInputException("Say which signatures: addressHash, domain, from or to (at least one).");
        }
    }

    @Scheduled(every = "1h", delayed = "1m", identity = "trending-report")
    @Transactional
    void reportTrending() {
        Instant since = clock.instant().minus(Duration.ofHours(1));
        List<ReviewRepository.Group> addresses = reviews.trending("address", since, 5);
        List<ReviewRepository.Group> domains = reviews.trending("domain", since, 5);
        trendingAddress.set(addresses.isEmpty() ? 0 : addresses.get(0).total());
        trendingDomain.set(domains.isEmpty() ? 0 : domains.get(0).total());
        Log.infof("Trending in the last hour: addresses %s; domains %s", describe(addresses), describe(domains));
    }

    private static String describe(List<ReviewRepository.Group> groups) {
        return groups.isEmpty() ? "none" : String.join(", ", groups.stream()
                .map(g -> g.key() + " " + g.total() + " (" + g.held() + " held)").toList());
    }
}

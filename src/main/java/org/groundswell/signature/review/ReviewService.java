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
import org.groundswell.signature.ConfirmationMails;
import org.groundswell.signature.HoldReason;
import org.groundswell.signature.Selection;
import org.groundswell.signature.SignatureRepository;
import org.groundswell.signature.SupporterMails;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    private final ReviewRepository reviews;
    private final SignatureRepository signatures;
    private final Outbox outbox;
    private final SupporterMails mails;
    private final Clock clock;
    private final AtomicLong trendingAddress = new AtomicLong();
    private final AtomicLong trendingDomain = new AtomicLong();

    public ReviewService(ReviewRepository reviews, SignatureRepository signatures, Outbox outbox, SupporterMails mails,
                         Clock clock, MeterRegistry registry) {
        this.reviews = reviews;
        this.signatures = signatures;
        this.outbox = outbox;
        this.mails = mails;
        this.clock = clock;
        registry.gauge("groundswell.trending.signatures", List.of(io.micrometer.core.instrument.Tag.of("by", "address")), trendingAddress);
        registry.gauge("groundswell.trending.signatures", List.of(io.micrometer.core.instrument.Tag.of("by", "domain")), trendingDomain);
    }

    public record Review(Instant since, List<ReviewRepository.Group> byAddress, List<ReviewRepository.Group> byDomain,
                         List<ReviewRepository.Group> byMinute) {
    }

    @Transactional
    public Review review(CampaignSnapshot campaign, Duration window) {
        Instant since = clock.instant().minus(window);
        return new Review(since, reviews.groups(campaign.id(), "address", since, GROUPS),
                reviews.groups(campaign.id(), "domain", since, GROUPS), reviews.groups(campaign.id(), "minute", since, GROUPS));
    }

    /** HELD → PENDING, each with a confirmation mail (a reviewer decided: no limit applies). Answers how many. */
    @Transactional
    public int release(CampaignSnapshot campaign, Selection selection) {
        requireSome(selection);
        List<SignatureRepository.Released> released = signatures.release(campaign.id(), selection,
                HoldReason.RELEASABLE_BY_REVIEW);
        if (released.isEmpty()) {
            return 0;
        }
        ConfirmationMails confirmations = new ConfirmationMails(mails, signatures, outbox);
        for (SignatureRepository.Released signature : released) {
            confirmations.add(signature.id(), signature.email(), signature.name(), campaign.title());
        }
        confirmations.write();
        Log.infof("Review released %d held signatures of %s", released.size(), campaign.slug());
        return released.size();
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

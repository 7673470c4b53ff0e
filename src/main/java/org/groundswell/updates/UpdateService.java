package org.groundswell.updates;

import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.QuotaExceededException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;
import org.groundswell.mail.OutboxRepository;
import org.groundswell.mail.OutgoingMail;
import org.groundswell.organiser.Organiser;
import org.groundswell.organiser.OrganiserRepository;
import org.groundswell.steps.MessageTemplates;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An organiser's news to the campaign's supporters, through the outbox after every confirmation mail (bulk
 * priority). Sent once even when the request is retried with the same Idempotency-Key; at most
 * {@code groundswell.updates.quota} a campaign within {@code quota-window} (test sends to the organiser aside). The
 * request queues the first chunk of its mail; {@link UpdateFanOut} queues the rest, a chunk per transaction.
 */
@ApplicationScoped
public class UpdateService {

    private final UpdateRepository updates;
    private final OrganiserRepository organisers;
    private final Outbox outbox;
    private final UpdateFanOut fanOut;
    private final UpdateQuota quota;
    private final Event<UpdateSent> sent;
    private final Clock clock;

    public UpdateService(UpdateRepository updates, OrganiserRepository organisers, Outbox outbox, UpdateFanOut fanOut,
                         GroundswellConfig config, Event<UpdateSent> sent, Clock clock) {
        this.sent = sent;
        this.clock = clock;
        this.updates = updates;
        this.organisers = organisers;
        this.outbox = outbox;
        this.fanOut = fanOut;
        this.quota = new UpdateQuota(config.updates().quota(), config.updates().quotaWindow());
    }

    /** The kind of an update's mails in the outbox. */
    static final String KIND = "UPDATE";

    /** An update accepted: its mails queued so far, and whether that is all of them (larger campaigns: not yet). */
    public record Queued(long id, int recipients, boolean complete) {
        static Queued of(UpdateRepository.Update update) {
            return new Queued(update.id(), update.recipients(), update.complete());
        }
    }

    public Queued send(CampaignSnapshot campaign, String subject, String body, boolean test, String idempotencyKey) {
        MessageTemplates.validateUpdate("body", body);
        Queued queued = QuarkusTransaction.requiringNew().call(() -> accept(campaign, subject.strip(), body.strip(), test, idempotencyKey));
        if (!queued.complete()) {
            fanOut.wake();
        }
        return queued;
    }

    private Queued accept(CampaignSnapshot campaign, String subject, String body, boolean test, String idempotencyKey) {
        updates.lockUpdatesOf(campaign.id());
        if (idempotencyKey != null) {
            Optional<UpdateRepository.Update> existing = updates.findByKey(campaign.id(), idempotencyKey);
            if (existing.isPresent()) {
                return Queued.of(existing.get());
            }
        }
        if (!test) {
            Instant now = updates.now();
            if (quota.decide(updates.recentCounting(campaign.id(), quota.windowStart(now), quota.lookBack()), now)
                    instanceof UpdateQuota.TooSoon tooSoon) {
                throw new QuotaExceededException("This campaign has sent as many updates as it may for now; the next may go in "
                        + waitText(tooSoon.retryAfter()) + ". A test send (\"test\": true, to you only) is always possible.",
                        tooSoon.retryAfter());
            }
        }
        long id = updates.insert(campaign.id(), subject, body, test, idempotencyKey).orElseThrow();
        if (test) {
            Organiser organiser = organisers.findById(campaign.organiserId());
            int queued = outbox.enqueueDeferred(KIND, OutgoingMail.BULK, subject, id, Outbox.Recipients.one(organiser.email));
            updates.advance(id, 0, queued, true);
        } else {
            fanOut.queueChunk(updates.findById(id).orElseThrow());
        }
        UpdateRepository.Update update = updates.findById(id).orElseThrow();
        if (!test) {
            // In the transaction that accepts it, with the mails queued so far (the rest follow in chunks).
            sent.fire(new UpdateSent(id, campaign.id(), campaign.slug(), campaign.title(), subject, body, update.recipients(),
                    clock.instant()));
        }
        return Queued.of(update);
    }

    /** "3 h 20 min", "12 min", "40 s". */
    static String waitText(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        return minutes < 60 ? minutes + " min" : minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    /**
     * A test of an update, to one address (the console's signed-in person): stored as a test update, so the list
     * shows it, and mailed as the real one will be ({supporter.name} shows a placeholder).
     */
    @Transactional
    public Queued sendTest(CampaignSnapshot campaign, String subject, String body, String to) {
        MessageTemplates.validateUpdate("body", body);
        long id = updates.insert(campaign.id(), subject.strip(), body.strip(), true, null).orElseThrow();
        int recipients = outbox.enqueueDeferred(KIND, OutgoingMail.BULK, subject.strip(), id, Outbox.Recipients.one(to));
        updates.advance(id, 0, recipients, true);
        return new Queued(id, recipients, true);
    }

    /** How many supporters an update sent now would go to: confirmed, consenting, not unsubscribed, not suppressed. */
    @Transactional
    public long audience(CampaignSnapshot campaign) {
        return updates.countSupporters(campaign.id());
    }

    /** An update with the state of its mails. */
    public record Sent(UpdateRepository.Update update, long queued, long sent, long failed, long cancelled) {
    }

    @Transactional
    public List<Sent> list(CampaignSnapshot campaign) {
        List<UpdateRepository.Update> list = updates.listByCampaign(campaign.id());
        Map<Long, OutboxRepository.UpdateCounts> counts = outbox.countsByUpdate(list.stream().map(UpdateRepository.Update::id).toList());
        return list.stream().map(u -> {
            OutboxRepository.UpdateCounts c = counts.getOrDefault(u.id(), new OutboxRepository.UpdateCounts(u.id(), 0, 0, 0, 0));
            return new Sent(u, c.pending(), c.sent(), c.failed(), c.cancelled());
        }).toList();
    }
}

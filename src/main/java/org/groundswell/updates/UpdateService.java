package org.groundswell.updates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.mail.Outbox;
import org.groundswell.mail.OutboxRepository;
import org.groundswell.mail.OutgoingMail;
import org.groundswell.organiser.Organiser;
import org.groundswell.organiser.OrganiserRepository;
import org.groundswell.steps.MessageTemplates;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An organiser's news to the campaign's supporters, through the outbox after every confirmation mail (bulk
 * priority). Sent once even when the request is retried with the same Idempotency-Key.
 */
@ApplicationScoped
public class UpdateService {

    private final UpdateRepository updates;
    private final OrganiserRepository organisers;
    private final Outbox outbox;
    private final Event<UpdateSent> sent;
    private final Clock clock;

    public UpdateService(UpdateRepository updates, OrganiserRepository organisers, Outbox outbox, Event<UpdateSent> sent,
                         Clock clock) {
        this.sent = sent;
        this.clock = clock;
        this.updates = updates;
        this.organisers = organisers;
        this.outbox = outbox;
    }

    /** The kind of an update's mails in the outbox. */
    static final String KIND = "UPDATE";

    public record Queued(long id, int recipients) {
    }

    @Transactional
    public Queued send(CampaignSnapshot campaign, String subject, String body, boolean test, String idempotencyKey) {
        MessageTemplates.validateUpdate("body", body);
        Optional<Long> created = updates.insert(campaign.id(), subject.strip(), body.strip(), test, idempotencyKey);
        if (created.isEmpty()) {
            UpdateRepository.Update existing = updates.findByKey(campaign.id(), idempotencyKey).orElseThrow();
            return new Queued(existing.id(), existing.recipients());
        }
        long id = created.get();
        Outbox.Recipients to;
        if (test) {
            Organiser organiser = organisers.findById(campaign.organiserId());
            to = Outbox.Recipients.one(organiser.email);
        } else {
            to = updates.supportersOf(campaign.id());
        }
        int recipients = outbox.enqueueDeferred(KIND, OutgoingMail.BULK, subject.strip(), id, to);
        updates.setRecipients(id, recipients);
        if (!test) {
            sent.fire(new UpdateSent(id, campaign.id(), campaign.slug(), campaign.title(), subject.strip(), body.strip(), recipients,
                    clock.instant()));
        }
        return new Queued(id, recipients);
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

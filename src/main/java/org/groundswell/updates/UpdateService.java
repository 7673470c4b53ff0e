package org.groundswell.updates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.mail.Outbox;
import org.groundswell.mail.OutboxRepository;
import org.groundswell.mail.OutgoingMail;
import org.groundswell.organiser.Organiser;
import org.groundswell.organiser.OrganiserRepository;
import org.groundswell.steps.MessageTemplates;

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

    public UpdateService(UpdateRepository updates, OrganiserRepository organisers, Outbox outbox) {
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
        return new Queued(id, recipients);
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
        updates.setRecipients(id, recipients);
        return new Queued(id, recipients);
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

package org.groundswell.updates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.mail.OutboxDispatcher;
import org.groundswell.organiser.Organiser;
import org.groundswell.organiser.OrganiserRepository;
import org.groundswell.steps.MessageTemplates;

import java.util.List;
import java.util.Optional;

/**
 * An organiser's news to the campaign's supporters, through the outbox after every confirmation mail (bulk
 * priority). Sent once even when the request is retried with the same Idempotency-Key.
 */
@ApplicationScoped
public class UpdateService {

    private final UpdateRepository updates;
    private final OrganiserRepository organisers;
    private final OutboxDispatcher dispatcher;

    public UpdateService(UpdateRepository updates, OrganiserRepository organisers, OutboxDispatcher dispatcher) {
        this.updates = updates;
        this.organisers = organisers;
        this.dispatcher = dispatcher;
    }

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
        int recipients;
        if (test) {
            Organiser organiser = organisers.findById(campaign.organiserId());
            updates.queueForOrganiser(id, organiser.email, subject.strip());
            recipients = 1;
        } else {
            recipients = updates.queueForSupporters(id, campaign.id(), subject.strip());
        }
        updates.setRecipients(id, recipients);
        dispatcher.wake();
        return new Queued(id, recipients);
    }

    @Transactional
    public List<UpdateRepository.Sent> list(CampaignSnapshot campaign) {
        return updates.listWithCounts(campaign.id());
    }
}

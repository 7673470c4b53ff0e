package org.groundswell.updates;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.mail.DeferredBodies;
import org.groundswell.mail.OutboxRepository;
import org.groundswell.signature.SupporterMails;
import org.groundswell.steps.MessageTemplates;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders an update for each of its recipients as it is sent: their name in it, and the links to unsubscribe
 * and to remove their signature. A supporter who unsubscribed, was suppressed or removed meanwhile gets nothing.
 */
@ApplicationScoped
public class UpdateMails implements DeferredBodies {

    /** What {supporter.name} shows in the organiser's test send. */
    static final String TEST_NAME = "[the supporter's name]";

    @CheckedTemplate(basePath = "UpdateMails")
    static class Templates {
        static native TemplateInstance updateHtml(String subject, List<String> paragraphs, String unsubscribeUrl, String removeUrl);

        static native TemplateInstance updateTxt(String subject, String body, String unsubscribeUrl, String removeUrl);
    }

    private final UpdateRepository updates;
    private final SupporterMails supporterMails;

    public UpdateMails(UpdateRepository updates, SupporterMails supporterMails) {
        this.updates = updates;
        this.supporterMails = supporterMails;
    }

    @Override
    public Map<Long, Rendered> render(List<OutboxRepository.Claimed> messages) {
        Map<Long, UpdateRepository.Recipient> recipients = new HashMap<>();
        updates.recipients(messages.stream().map(OutboxRepository.Claimed::signatureId).filter(Objects::nonNull).distinct().toList())
                .forEach(r -> recipients.put(r.signatureId(), r));
        Map<Long, UpdateRepository.Update> byId = new HashMap<>();
        Map<Long, Rendered> rendered = new HashMap<>();
        for (OutboxRepository.Claimed message : messages) {
            UpdateRepository.Update update = byId.computeIfAbsent(message.updateId(), id -> updates.findById(id).orElse(null));
            if (update == null) {
                continue;
            }
            if (message.signatureId() == null) {
                rendered.put(message.id(), bodies(update, TEST_NAME, null));
                continue;
            }
            UpdateRepository.Recipient recipient = recipients.get(message.signatureId());
            if (recipient != null && recipient.stillWanted()) {
                rendered.put(message.id(), bodies(update, recipient.name(), message.signatureId()));
            }
        }
        return rendered;
    }

    private Rendered bodies(UpdateRepository.Update update, String name, Long signatureId) {
        String body = MessageTemplates.renderUpdate(update.body(), name).strip();
        List<String> paragraphs = Arrays.stream(body.split("\\R\\s*\\R")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        String unsubscribeUrl = signatureId == null ? null : supporterMails.unsubscribeUrl(signatureId);
        String removeUrl = signatureId == null ? null : supporterMails.removeUrl(signatureId);
        return new Rendered(Templates.updateHtml(update.subject(), paragraphs, unsubscribeUrl, removeUrl).render(),
                Templates.updateTxt(update.subject(), body, unsubscribeUrl, removeUrl).render(), unsubscribeUrl);
    }
}

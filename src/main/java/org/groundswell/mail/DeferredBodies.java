package org.groundswell.mail;

import java.util.List;
import java.util.Map;

/**
 * Renders, when they are about to be sent, the mails queued without a body (an update to many supporters is
 * queued with one statement; each mail is rendered for its supporter at sending, and skipped if they no longer
 * want it).
 */
public interface DeferredBodies {

    /** The bodies of those messages it renders, by message id; a message it leaves out is cancelled. */
    Map<Long, Rendered> render(List<OutboxRepository.Claimed> messages);

    record Rendered(String htmlBody, String textBody, String listUnsubscribe) {
    }
}

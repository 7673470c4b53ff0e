package org.groundswell.support;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.groundswell.mail.OutboxDispatcher;
import org.groundswell.signature.SignatureTally;

import java.time.Duration;

/**
 * The service's background work (the tally's fold, the outbox's dispatcher) driven to a standstill, so that a
 * test proves that nothing more arrives by asserting right after {@link #settle()} instead of sleeping a while.
 * For tests annotated {@code @QuarkusTest}: it takes the beans from the running service.
 */
public final class Background {

    private Background() {
    }

    /**
     * Folds the tally once (what it folds is counted, and the milestone mails it crosses are queued), waits until every
     * update's mail is queued (chunks, by a background job), then sends
     * what the outbox holds until no mail is due now or after a failed attempt's backoff, and no round of the
     * dispatcher is under way on any thread. Afterwards every mail queued so far is at the SMTP server, and every
     * confirmation so far is in the count: a duplicate would be there to be counted.
     */
    public static void settle() {
        SignatureTally tally = Arc.container().instance(SignatureTally.class).get();
        OutboxDispatcher dispatcher = Arc.container().instance(OutboxDispatcher.class).get();
        AgroalDataSource dataSource = Arc.container().instance(AgroalDataSource.class).get();
        Duration maxBackoff = ConfigProvider.getConfig().getValue("groundswell.outbox.max-backoff", Duration.class);
        tally.fold();
        // Updates are queued in chunks by a background job: all of their mail is in the outbox first.
        Awaitility.await("every update's mail queued").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> Db.count(dataSource, "SELECT count(*) FROM campaign_update WHERE queued_at IS NULL") == 0);
        // In this order: mail a round claimed is no longer due by the count below, but that round is still under way
        // when isIdle() is asked, or has sent it.
        Awaitility.await("the outbox sent all it holds").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> dispatcher.runOnce() == 0
                        && Db.count(dataSource, """
                        SELECT count(*) FROM outbox_message
                        WHERE status = 'PENDING' AND next_attempt_at <= now() + make_interval(secs => ?)""",
                        maxBackoff.toMillis() / 1000.0) == 0
                        && dispatcher.isIdle());
    }

    /** A campaign's count as the fold wrote it: straight from the database, not through the public reads' cache. */
    public static long countedSignatures(String slug) {
        AgroalDataSource dataSource = Arc.container().instance(AgroalDataSource.class).get();
        return Db.count(dataSource, "SELECT signature_count FROM campaign WHERE slug = ?", slug);
    }
}

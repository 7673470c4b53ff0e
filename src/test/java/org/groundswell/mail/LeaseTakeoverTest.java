package org.groundswell.mail;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.groundswell.support.Api;
import org.groundswell.support.Db;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claims of a round that died are taken over when their lease ends; a renewal extends only the round's own. */
@QuarkusTest
class LeaseTakeoverTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRepository messages;

    @Test
    void mailADeadRoundHeldIsSentOnceWhenItsLeaseEnds() {
        // A round of a replica that died 13 s into its 15 s lease: its claimed mails are due in 2 s, and nobody
        // renews them. The running dispatcher takes them over then, not before.
        String confirmation = Api.uniqueEmail("dead-round-confirmation");
        String update = Api.uniqueEmail("dead-round-update");
        long bulk = insertClaimed(update, "UPDATE", 2, "2 seconds");
        long urgent = insertClaimed(confirmation, "CONFIRMATION", 0, "2 seconds");
        String leaseEnd = Db.value(dataSource, "SELECT next_attempt_at FROM outbox_message WHERE id = ?", urgent);
        Api.awaitMails(confirmation, 1);
        Api.awaitMails(update, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status(urgent).equals("SENT") && status(bulk).equals("SENT"));
        // Sent after the lease ended and within a few polls of it.
        assertEquals(1, Db.count(dataSource, """
                SELECT count(*) FROM outbox_message WHERE id = ? AND sent_at >= ?::timestamptz
                AND sent_at < ?::timestamptz + interval '5 seconds'""", urgent, leaseEnd, leaseEnd));
        assertEquals(2, Db.count(dataSource, "SELECT attempts FROM outbox_message WHERE id = ?", urgent),
                "the takeover is a second attempt");
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> Api.mailsTo(confirmation).size() == 1 && Api.mailsTo(update).size() == 1);
    }

    @Test
    void bulkMailTakenOverNeverGoesBeforeAConfirmation() throws Exception {
        // Bulk mail of a dead round, due since long before anything else, and a confirmation due now: the claim
        // still takes the confirmation first. Inside a transaction that is rolled back: the running dispatcher
        // never sees these rows.
        QuarkusTransaction.begin();
        try {
            var em = messages.getEntityManager();
            long bulk = ((Number) em.createNativeQuery("""
                    INSERT INTO outbox_message (kind, priority, recipient, subject, html_body, text_body, status, attempts,
                                                claim, next_attempt_at)
                    VALUES ('UPDATE', 2, :to, 'Bulk', '<p>x</p>', 'x', 'PENDING', 1, 99, '-infinity') RETURNING id""")
                    .setParameter("to", Api.uniqueEmail("order-bulk")).getSingleResult()).longValue();
            em.createNativeQuery("""
                    INSERT INTO outbox_message (kind, priority, recipient, subject, html_body, text_body, status)
                    VALUES ('CONFIRMATION', 0, :to, 'Confirm', '<p>x</p>', 'x', 'PENDING') RETURNING id""")
                    .setParameter("to", Api.uniqueEmail("order-confirmation")).getSingleResult();
            List<OutboxRepository.Claimed> first = messages.claimDue(1, Lease.STANDARD.length(), 5);
            assertEquals(1, first.size());
            assertTrue(first.get(0).id() != bulk && "CONFIRMATION".equals(first.get(0).kind()),
                    "claimed " + first.get(0).kind() + " first");
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    @Test
    void aRenewalExtendsOnlyMailsTheRoundStillHolds() {
        long token = 4242_0001L;
        // Held by this round, with most of an hour of lease left (the dispatcher will not take it meanwhile).
        long held = insertClaimed(Api.uniqueEmail("renew-held"), "TEST", 1, "1 hour", token);
        // Taken over by another round after this round's lease ran out.
        long takenOver = insertClaimed(Api.uniqueEmail("renew-taken"), "TEST", 1, "1 hour", token + 1);
        // Recorded SENT meanwhile.
        long sent = insertClaimed(Api.uniqueEmail("renew-sent"), "TEST", 1, "1 hour", token);
        Db.value(dataSource, "UPDATE outbox_message SET status = 'SENT', sent_at = now() WHERE id = ? RETURNING id", sent);
        try {
            List<Long> renewed = QuarkusTransaction.requiringNew()
                    .call(() -> messages.renew(token, List.of(held, takenOver, sent), Duration.ofSeconds(600)));
            assertEquals(List.of(held), renewed);
            assertEquals(1, Db.count(dataSource, """
                    SELECT count(*) FROM outbox_message WHERE id = ?
                    AND next_attempt_at BETWEEN now() + interval '590 seconds' AND now() + interval '610 seconds'""", held));
            assertEquals(1, Db.count(dataSource,
                    "SELECT count(*) FROM outbox_message WHERE id = ? AND next_attempt_at > now() + interval '50 minutes'", takenOver),
                    "the other round's lease is left as it was");
        } finally {
            for (long id : List.of(held, takenOver)) {
                Db.value(dataSource, "UPDATE outbox_message SET status = 'CANCELLED' WHERE id = ? RETURNING id", id);
            }
        }
    }

    private long insertClaimed(String recipient, String kind, int priority, String leaseLeft) {
        return insertClaimed(recipient, kind, priority, leaseLeft, 99);
    }

    private long insertClaimed(String recipient, String kind, int priority, String leaseLeft, long claim) {
        return Db.count(dataSource, """
                INSERT INTO outbox_message (kind, priority, recipient, subject, html_body, text_body, status, attempts, claim,
                                            next_attempt_at)
                VALUES (?, ?, ?, 'Held by a dead round', '<p>x</p>', 'x', 'PENDING', 1, ?, now() + ?::interval) RETURNING id""",
                kind, priority, recipient, claim, leaseLeft);
    }

    private String status(long id) {
        return Db.value(dataSource, "SELECT status FROM outbox_message WHERE id = ?", id);
    }
}

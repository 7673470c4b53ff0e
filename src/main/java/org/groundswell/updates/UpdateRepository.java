package org.groundswell.updates;

import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.groundswell.mail.Outbox;
import org.groundswell.signature.SignatureStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class UpdateRepository {

    private final Session em;

    public UpdateRepository(Session em) {
        this.em = em;
    }

    /**
     * An update, with how far its mail is queued: every signature id up to {@code queuedThrough} has had its mail
     * queued; its recipients are the campaign's signatures up to {@code lastSignatureId} (none when NULL); queuing
     * ended at {@code queuedAt} (NULL while it goes on).
     */
    public record Update(long id, long campaignId, String subject, String body, boolean test, int recipients, Instant createdAt,
                         Long lastSignatureId, long queuedThrough, Instant queuedAt) {

        public boolean complete() {
            return queuedAt != null;
        }
    }

    /**
     * Serialises the updates of one campaign (the quota and the Idempotency-Key are checked and the row written under
     * it) until the transaction ends.
     */
    public void lockUpdatesOf(long campaignId) {
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(:space, CAST(:campaign % 2147483647 AS int))", Integer.class)
                .setParameter("space", LOCK_SPACE).setParameter("campaign", campaignId).getSingleResult();
    }

    /** The first key of PostgreSQL's two-key advisory locks taken for a campaign's updates. */
    private static final int LOCK_SPACE = 0x75706474; // "updt"

    /** When the campaign's latest {@code limit} updates that count for the quota (not tests) were made, newest first. */
    public List<Instant> recentCounting(long campaignId, Instant since, int limit) {
        return em.createNativeQuery("""
                        SELECT created_at FROM campaign_update WHERE campaign_id = :campaign AND NOT test AND created_at > :since
                        ORDER BY created_at DESC LIMIT :limit""", Instant.class)
                .setParameter("campaign", campaignId).setParameter("since", since).setParameter("limit", limit)
                .getResultList();
    }

    /** The database's time of the transaction (what an update's created_at will be). */
    public Instant now() {
        return em.createNativeQuery("SELECT now()", Instant.class).getSingleResult();
    }

    /**
     * Stores an update unless one with the same idempotency key exists for the campaign; answers the new id. A real
     * update is for the campaign's signatures up to its newest one now; a test send for none (it goes to the organiser).
     */
    public Optional<Long> insert(long campaignId, String subject, String body, boolean test, String idempotencyKey) {
        List<Long> ids = em.createNativeQuery("""
                        INSERT INTO campaign_update (campaign_id, subject, body, test, idempotency_key, recipients, last_signature_id)
                        VALUES (:campaign, :subject, :body, :test, :key, 0,
                                CASE WHEN :test THEN NULL ELSE (SELECT max(id) FROM signature WHERE campaign_id = :campaign) END)
                        ON CONFLICT (campaign_id, idempotency_key) DO NOTHING RETURNING id""", Long.class)
                .setParameter("campaign", campaignId)
                .setParameter("subject", subject)
                .setParameter("body", body)
                .setParameter("test", test)
                .setParameter("key", idempotencyKey)
                .getResultList();
        return ids.stream().findFirst();
    }

    public Optional<Update> findByKey(long campaignId, String idempotencyKey) {
        return first(select("campaign_id = :campaign AND idempotency_key = :key")
                .setParameter("campaign", campaignId).setParameter("key", idempotencyKey));
    }

    public Optional<Update> findById(long id) {
        return first(select("id = :id").setParameter("id", id));
    }

    /** Whether signature s still wants updates: confirmed, consenting, not unsubscribed, mailbox not suppressed. */
    private static final String WANTS_UPDATES = """
            (s.status = :confirmed AND s.consent_to_updates AND s.unsubscribed_at IS NULL AND s.email IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM suppression x WHERE x.mailbox_hash = s.mailbox_hash))
            """;

    /**
     * The supporters with a signature id in ({@code after}, {@code through}] an update is for, as the outbox queues
     * them: confirmed, consenting, not unsubscribed, not suppressed.
     */
    public Outbox.Recipients supportersOf(long campaignId, long after, long through) {
        return new Outbox.Recipients("SELECT s.email, s.id FROM signature s WHERE s.campaign_id = :campaign AND s.id > :after "
                + "AND s.id <= :through AND " + WANTS_UPDATES,
                Map.of("campaign", campaignId, "after", after, "through", through, "confirmed", SignatureStatus.CONFIRMED.name()));
    }

    /**
     * The end of the next chunk: the highest of the campaign's next {@code size} signature ids above {@code after}
     * and up to {@code last}, by keyset over the (campaign, id) index; empty when none is left.
     */
    public Optional<Long> chunkEnd(long campaignId, long after, long last, int size) {
        return Optional.ofNullable(em.createNativeQuery("""
                        SELECT max(id) FROM (SELECT id FROM signature WHERE campaign_id = :campaign AND id > :after AND id <= :last
                                             ORDER BY id LIMIT :size) AS chunk""", Long.class)
                .setParameter("campaign", campaignId).setParameter("after", after).setParameter("last", last)
                .setParameter("size", size).getSingleResult());
    }

    /**
     * Takes the oldest update still queuing that no other transaction holds (locked until this one ends), for its
     * next chunk.
     */
    public Optional<Update> claimQueuing() {
        return first(em.createNativeQuery(SELECT + "queued_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", Update.class));
    }

    /** Records a chunk queued: {@code added} more recipients, queued through {@code through}, and whether it was the last. */
    public void advance(long updateId, long through, int added, boolean done) {
        em.createNativeQuery("""
                        UPDATE campaign_update SET queued_through = :through, recipients = recipients + :added,
                               queued_at = CASE WHEN :done THEN now() END
                        WHERE id = :id""")
                .setParameter("through", through).setParameter("added", added).setParameter("done", done)
                .setParameter("id", updateId).executeUpdate();
    }

    /**
     * {@link #WANTS_UPDATES} without the suppression list, with the status written out: the predicate of the partial
     * index {@code signature_update_audience_idx} (V19), which only serves a query that states it literally.
     */
    private static final String CONSENTING = """
            s.status = 'CONFIRMED' AND s.consent_to_updates AND s.unsubscribed_at IS NULL AND s.email IS NOT NULL
            """;

    /**
     * How many supporters an update would go to now ({@link #supportersOf}'s rows), at every view of the updates
     * page: the consenting supporters, counted by an index-only scan of the partial index that holds just them,
     * less those whose mailbox is suppressed, each looked up by its (mailbox hash, campaign) key. Never a read of
     * the campaign's signatures from the table. The lookups are a LATERAL with a LIMIT so that they stay one probe per
     * suppressed mailbox in a generic plan too (a pooled, prepared statement), where the campaign's size is unknown
     * and a join would be planned as a scan of every consenting supporter's row.
     */
    public long countSupporters(long campaignId) {
        return ((Number) em.createNativeQuery("SELECT (SELECT count(*) FROM signature s WHERE s.campaign_id = :campaign AND "
                        + CONSENTING + ") - (SELECT count(*) FROM suppression x CROSS JOIN LATERAL (SELECT 1 FROM signature s "
                        + "WHERE s.mailbox_hash = x.mailbox_hash AND s.campaign_id = :campaign AND " + CONSENTING + " LIMIT 1) AS hit)")
                .setParameter("campaign", campaignId).getSingleResult()).longValue();
    }

    /** A campaign's updates, newest first. */
    public List<Update> listByCampaign(long campaignId) {
        return select("campaign_id = :campaign ORDER BY id DESC").setParameter("campaign", campaignId).getResultList();
    }

    /** For rendering at send time: who the supporter is now, and whether they still want the update. */
    public record Recipient(long signatureId, String name, boolean stillWanted) {
    }

    public List<Recipient> recipients(Collection<Long> signatureIds) {
        if (signatureIds.isEmpty()) {
            return List.of();
        }
        return em.createNativeQuery("""
                        SELECT s.id, s.name, """ + WANTS_UPDATES + """
                        FROM signature s WHERE s.id IN (:ids)""", Recipient.class)
                .setParameter("confirmed", SignatureStatus.CONFIRMED.name())
                .setParameter("ids", signatureIds)
                .getResultList();
    }

    private static final String SELECT = """
            SELECT id, campaign_id, subject, body, test, recipients, created_at, last_signature_id, queued_through, queued_at
            FROM campaign_update WHERE\s""";

    private NativeQuery<Update> select(String where) {
        return em.createNativeQuery(SELECT + where, Update.class);
    }

    private static Optional<Update> first(NativeQuery<Update> query) {
        return query.getResultStream().findFirst();
    }
}

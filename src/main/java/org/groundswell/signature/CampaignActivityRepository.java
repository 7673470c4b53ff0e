package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's activity as counters: signatures by status, per hour, by source, and its mail. Triggers (V12, V16)
 * write insert-only deltas in the transaction of every change to signatures and outbox rows; {@link SignatureTally}
 * folds them here with the signature count. Every read is by primary key: as fast for 5 million signatures as for none.
 */
@ApplicationScoped
public class CampaignActivityRepository {

    private final EntityManager em;

    public CampaignActivityRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Adds the deltas to the counters and deletes them, in campaign (and hour) order so that two replicas folding
     * at once lock the same rows in the same order: each delta is counted once, whichever replica folds. Answers
     * how many deltas it folded.
     */
    public int fold() {
        return ((Number) em.createNativeQuery("""
                WITH folded AS (DELETE FROM campaign_activity_delta RETURNING *),
                     totals AS (INSERT INTO campaign_activity AS a (campaign_id, pending, held, confirmed, invalidated,
                                                                    mail_queued, mail_sent, mail_failed)
                                SELECT campaign_id, sum(pending), sum(held), sum(confirmed), sum(invalidated),
                                       sum(mail_queued), sum(mail_sent), sum(mail_failed)
                                FROM folded GROUP BY campaign_id ORDER BY campaign_id
                                ON CONFLICT (campaign_id) DO UPDATE SET
                                    pending = a.pending + excluded.pending, held = a.held + excluded.held,
                                    confirmed = a.confirmed + excluded.confirmed, invalidated = a.invalidated + excluded.invalidated,
                                    mail_queued = a.mail_queued + excluded.mail_queued, mail_sent = a.mail_sent + excluded.mail_sent,
                                    mail_failed = a.mail_failed + excluded.mail_failed),
                     hourly AS (INSERT INTO campaign_hourly_count AS h (campaign_id, hour, signed, confirmed)
                                SELECT campaign_id, hour, sum(signed), sum(confirmed)
                                FROM folded WHERE hour IS NOT NULL GROUP BY campaign_id, hour
                                HAVING sum(signed) <> 0 OR sum(confirmed) <> 0 ORDER BY campaign_id, hour
                                ON CONFLICT (campaign_id, hour) DO UPDATE SET
                                    signed = h.signed + excluded.signed, confirmed = h.confirmed + excluded.confirmed),
                     sources AS (INSERT INTO campaign_source_count AS s (campaign_id, origin_system, confirmed)
                                 SELECT campaign_id, coalesce(origin_system, ''), sum(confirmed)
                                 FROM folded GROUP BY 1, 2 HAVING sum(confirmed) <> 0 ORDER BY 1, 2
                                 ON CONFLICT (campaign_id, origin_system) DO UPDATE SET
                                     confirmed = s.confirmed + excluded.confirmed)
                SELECT count(*) FROM folded""").getSingleResult()).intValue();
    }

    /** Signatures by status now; mail queued and failed now, sent in all. */
    public record Activity(long pending, long held, long confirmed, long invalidated, long mailQueued, long mailSent,
                           long mailFailed) {
        public static final Activity NONE = new Activity(0, 0, 0, 0, 0, 0, 0);
    }

    @SuppressWarnings("unchecked")
    public Activity activity(long campaignId) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT pending, held, confirmed, invalidated, mail_queued, mail_sent, mail_failed
                        FROM campaign_activity WHERE campaign_id = :campaign""")
                .setParameter("campaign", campaignId).getResultList();
        return rows.stream().findFirst()
                .map(r -> new Activity(n(r[0]), n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]), n(r[6])))
                .orElse(Activity.NONE);
    }

    /** Confirmed signatures of one source: a partner key's source tag, or null for our own pages and API. */
    public record Source(String originSystem, long confirmed) {
    }

    /** Confirmed signatures by source now, the largest first; sources with none are left out. */
    @SuppressWarnings("unchecked")
    public List<Source> bySource(long campaignId) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT origin_system, confirmed FROM campaign_source_count
                        WHERE campaign_id = :campaign AND confirmed <> 0 ORDER BY confirmed DESC, origin_system""")
                .setParameter("campaign", campaignId)
                .getResultList();
        return rows.stream().map(r -> new Source(((String) r[0]).isEmpty() ? null : (String) r[0], n(r[1]))).toList();
    }

    /** Signatures received, and confirmed signatures that still count, in one hour (UTC) or one day (UTC). */
    public record Period(Instant start, long signed, long confirmed) {
    }

    /** The hours from {@code from} (inclusive) to {@code to} (exclusive) that had any; hours without are left out. */
    @SuppressWarnings("unchecked")
    public List<Period> hours(long campaignId, Instant from, Instant to) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT hour, signed, confirmed FROM campaign_hourly_count
                        WHERE campaign_id = :campaign AND hour >= :from AND hour < :to ORDER BY hour""")
                .setParameter("campaign", campaignId)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
        return rows.stream().map(r -> new Period((Instant) r[0], n(r[1]), n(r[2]))).toList();
    }

    /**
     * Confirmed signatures since {@code from} (an hour's start), for each of these campaigns that had any: a range of
     * each campaign's hourly counters (24 rows for a day), never a scan of signatures.
     */
    @SuppressWarnings("unchecked")
    public Map<Long, Long> confirmedSince(Collection<Long> campaignIds, Instant from) {
        if (campaignIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT campaign_id, sum(confirmed) FROM campaign_hourly_count
                        WHERE campaign_id IN (:campaigns) AND hour >= :from GROUP BY campaign_id""")
                .setParameter("campaigns", campaignIds)
                .setParameter("from", from)
                .getResultList();
        Map<Long, Long> counts = new HashMap<>();
        rows.forEach(r -> counts.put(n(r[0]), n(r[1])));
        return counts;
    }

    /** Every day (UTC) that had any, oldest first: at most 24 rows a day of the campaign, whatever its size. */
    @SuppressWarnings("unchecked")
    public List<Period> days(long campaignId) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT (date_trunc('day', hour AT TIME ZONE 'UTC'))::date, sum(signed), sum(confirmed)
                        FROM campaign_hourly_count WHERE campaign_id = :campaign GROUP BY 1 ORDER BY 1""")
                .setParameter("campaign", campaignId)
                .getResultList();
        return rows.stream().map(r -> new Period(day(r[0]).atStartOfDay().toInstant(ZoneOffset.UTC), n(r[1]), n(r[2]))).toList();
    }

    private static LocalDate day(Object value) {
        return value instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) value;
    }

    private static long n(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}

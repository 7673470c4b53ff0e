package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The queries of abuse review: signatures grouped by address hash, e-mail domain and minute, and bulk actions. */
@ApplicationScoped
public class ReviewRepository {

    private static final Map<String, String> GROUPINGS = Map.of(
            "address", "client_hash",
            "domain", "split_part(email, '@', 2)",
            "minute", "to_char(date_trunc('minute', created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");

    private final EntityManager em;

    public ReviewRepository(EntityManager em) {
        this.em = em;
    }

    /** Signatures of one campaign since {@code since}, counted by status within each group, largest groups first. */
    public record Group(String key, long held, long pending, long confirmed, long invalidated, long total) {
    }

    @SuppressWarnings("unchecked")
    public List<Group> groups(long campaignId, String grouping, Instant since, int limit) {
        String key = GROUPINGS.get(grouping);
        List<Object[]> rows = em.createNativeQuery("SELECT " + key + " AS k, "
                        + "count(*) FILTER (WHERE status = :held), count(*) FILTER (WHERE status = :pending), "
                        + "count(*) FILTER (WHERE status = :confirmed), count(*) FILTER (WHERE status = :invalidated), count(*) "
                        + "FROM signature WHERE campaign_id = :campaign AND created_at >= :since AND " + key + " IS NOT NULL "
                        + "GROUP BY 1 ORDER BY 6 DESC, 1 LIMIT :limit")
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("pending", SignatureStatus.PENDING.name())
                .setParameter("confirmed", SignatureStatus.CONFIRMED.name())
                .setParameter("invalidated", SignatureStatus.INVALIDATED.name())
                .setParameter("campaign", campaignId)
                .setParameter("since", since)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(r -> new Group((String) r[0], n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]))).toList();
    }

    /** Across all campaigns: the address hashes or domains with the most signatures since {@code since}. */
    @SuppressWarnings("unchecked")
    public List<Group> trending(String grouping, Instant since, int limit) {
        String key = GROUPINGS.get(grouping);
        List<Object[]> rows = em.createNativeQuery("SELECT " + key + ", count(*) FILTER (WHERE status = :held), count(*) "
                        + "FROM signature WHERE created_at >= :since AND " + key + " IS NOT NULL "
                        + "GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT :limit")
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("since", since)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(r -> new Group((String) r[0], n(r[1]), 0, 0, 0, n(r[2]))).toList();
    }

    public record Released(long id, String email, String name) {
    }

    /**
     * HELD → PENDING for the selection, its confirmation due now; answers what was released. Only holds a reviewer
     * may lift: those of the address limits. A mailbox's own limit and the suppression list protect the owner of
     * the mailbox, not the campaign, and stay (the person can sign again the next day).
     */
    @SuppressWarnings("unchecked")
    public List<Released> release(long campaignId, Selection selection, Collection<String> releasableReasons) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String where = where(campaignId, selection, parameters);
        Query query = em.createNativeQuery("UPDATE signature s SET status = :pending, held_reason = NULL, confirmation_sent_at = now() "
                + "WHERE " + where + " AND status = :held AND held_reason IN (:reasons) "
                + "AND NOT EXISTS (SELECT 1 FROM suppression x WHERE x.mailbox_hash = s.mailbox_hash) RETURNING id, email, name");
        parameters.forEach(query::setParameter);
        List<Object[]> rows = query.setParameter("pending", SignatureStatus.PENDING.name())
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("reasons", releasableReasons)
                .getResultList();
        return rows.stream().map(r -> new Released(n(r[0]), (String) r[1], (String) r[2])).toList();
    }

    /**
     * Invalidates the selection in one statement, however many it holds: the confirmed ones leave the count and
     * the counts by place (negative deltas, one per place), and their unsent mails are cancelled. Answers how many.
     * {@code usStates}: the codes a U.S. region must be to count for a state, as the tally records them.
     */
    public int invalidate(long campaignId, Selection selection, Collection<String> usStates) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String where = where(campaignId, selection, parameters);
        Query query = em.createNativeQuery("WITH target AS (SELECT id, status FROM signature WHERE " + where
                + " AND status <> :invalidated FOR UPDATE), "
                + "changed AS (UPDATE signature s SET status = :invalidated, held_reason = NULL FROM target WHERE s.id = target.id "
                + "  RETURNING s.id, target.status AS was, s.country, upper(btrim(s.region)) AS region, s.district), "
                + "placed AS (SELECT country, CASE WHEN country = 'US' AND region IN (:states) THEN region END AS state, district "
                + "  FROM changed WHERE was = :confirmed), "
                + "deltas AS (INSERT INTO signature_tally_delta (campaign_id, delta, country, us_state, us_district) "
                + "  SELECT :campaign, -count(*), country, state, CASE WHEN state IS NOT NULL THEN district END "
                + "  FROM placed GROUP BY country, state, CASE WHEN state IS NOT NULL THEN district END), "
                + "cancelled AS (UPDATE outbox_message SET status = :cancelled, html_body = NULL, text_body = NULL "
                + "  WHERE signature_id IN (SELECT id FROM changed) AND status = :pending) "
                + "SELECT count(*) FROM changed");
        parameters.forEach(query::setParameter);
        return ((Number) query.setParameter("invalidated", SignatureStatus.INVALIDATED.name())
                .setParameter("confirmed", SignatureStatus.CONFIRMED.name())
                .setParameter("states", usStates)
                .setParameter("cancelled", org.groundswell.mail.OutboxStatus.CANCELLED.name())
                .setParameter("pending", org.groundswell.mail.OutboxStatus.PENDING.name())
                .getSingleResult()).intValue();
    }

    private static String where(long campaignId, Selection selection, Map<String, Object> parameters) {
        List<String> conditions = new ArrayList<>();
        conditions.add("campaign_id = :campaign");
        parameters.put("campaign", campaignId);
        if (selection.addressHash() != null) {
            conditions.add("client_hash = :address");
            parameters.put("address", selection.addressHash());
        }
        if (selection.domain() != null) {
            conditions.add("split_part(email, '@', 2) = :domain");
            parameters.put("domain", selection.domain());
        }
        if (selection.from() != null) {
            conditions.add("created_at >= :from");
            parameters.put("from", selection.from());
        }
        if (selection.to() != null) {
            conditions.add("created_at < :to");
            parameters.put("to", selection.to());
        }
        return String.join(" AND ", conditions);
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }
}

package org.groundswell.signature.review;

import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;
import org.groundswell.signature.SignatureRepository;
import org.groundswell.signature.SignatureStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The reads of abuse review: signatures grouped by address hash, e-mail domain and minute. The bulk actions write
 * signatures, and so are {@link SignatureRepository}'s.
 */
@ApplicationScoped
public class ReviewRepository {

    private static final Map<String, String> GROUPINGS = Map.of(
            "address", "client_hash",
            "domain", "split_part(email, '@', 2)",
            "minute", "to_char(date_trunc('minute', created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");

    private final Session em;

    public ReviewRepository(Session em) {
        this.em = em;
    }

    /** Signatures of one campaign since {@code since}, counted by status within each group, largest groups first. */
    public record Group(String key, long held, long pending, long confirmed, long invalidated, long total) {
    }

    public List<Group> groups(long campaignId, String grouping, Instant since, int limit) {
        String key = GROUPINGS.get(grouping);
        return em.createNativeQuery("SELECT " + key + " AS k, "
                        + "count(*) FILTER (WHERE status = :held), count(*) FILTER (WHERE status = :pending), "
                        + "count(*) FILTER (WHERE status = :confirmed), count(*) FILTER (WHERE status = :invalidated), count(*) "
                        + "FROM signature WHERE campaign_id = :campaign AND created_at >= :since AND " + key + " IS NOT NULL "
                        + "GROUP BY 1 ORDER BY 6 DESC, 1 LIMIT :limit", Group.class)
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("pending", SignatureStatus.PENDING.name())
                .setParameter("confirmed", SignatureStatus.CONFIRMED.name())
                .setParameter("invalidated", SignatureStatus.INVALIDATED.name())
                .setParameter("campaign", campaignId)
                .setParameter("since", since)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** Held signatures of one campaign since {@code since}, by each limit they met, in the order they are checked. */
    public Map<String, Long> heldByReason(long campaignId, Instant since) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Object[] row : em.createNativeQuery("""
                        SELECT r, count(*) FROM signature s, unnest(s.held_reasons) AS r
                        WHERE s.campaign_id = :campaign AND s.status = :held AND s.created_at >= :since
                        GROUP BY r""", Object[].class)
                .setParameter("campaign", campaignId)
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("since", since)
                .getResultList()) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        Map<String, Long> ordered = new java.util.LinkedHashMap<>();
        for (org.groundswell.signature.HoldReason reason : org.groundswell.signature.HoldReason.values()) {
            if (counts.containsKey(reason.name())) {
                ordered.put(reason.name(), counts.get(reason.name()));
            }
        }
        return ordered;
    }

    /** Across all campaigns: the address hashes or domains with the most signatures since {@code since}. */
    public List<Group> trending(String grouping, Instant since, int limit) {
        String key = GROUPINGS.get(grouping);
        return em.createNativeQuery("SELECT " + key + ", count(*) FILTER (WHERE status = :held), "
                        + "CAST(0 AS bigint), CAST(0 AS bigint), CAST(0 AS bigint), count(*) "
                        + "FROM signature WHERE created_at >= :since AND " + key + " IS NOT NULL "
                        + "GROUP BY 1 ORDER BY 6 DESC, 1 LIMIT :limit", Group.class)
                .setParameter("held", SignatureStatus.HELD.name())
                .setParameter("since", since)
                .setParameter("limit", limit)
                .getResultList();
    }

}

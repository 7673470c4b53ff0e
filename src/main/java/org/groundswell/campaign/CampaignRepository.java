package org.groundswell.campaign;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.ResultPage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class CampaignRepository implements PanacheRepository<Campaign> {

    public Optional<Campaign> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    public boolean slugExists(String slug) {
        return count("slug", slug) > 0;
    }

    /** Campaigns in the given states, optionally of one topic, newest first. */
    public ResultPage<Campaign> list(Collection<CampaignStatus> statuses, String topic, int page, int size) {
        Parameters parameters = Parameters.with("statuses", statuses);
        String query = "status in :statuses";
        if (topic != null) {
            query += " and topic = :topic";
            parameters.and("topic", topic);
        }
        PanacheQuery<Campaign> found = find(query, Sort.descending("createdAt").and("id", Sort.Direction.Descending), parameters);
        List<Campaign> items = found.page(Page.of(page, size)).list();
        return new ResultPage<>(items, page, size, found.count());
    }

    /** The campaigns of an owner and the given others (a person's teams), newest first. */
    public List<Campaign> ownedOrIn(Long ownerId, Collection<Long> ids) {
        if (ownerId == null && ids.isEmpty()) {
            return List.of();
        }
        Parameters parameters = Parameters.with("owner", ownerId == null ? -1L : ownerId)
                .and("ids", ids.isEmpty() ? List.of(-1L) : ids);
        return list("organiserId = :owner or id in :ids", Sort.descending("createdAt").and("id", Sort.Direction.Descending),
                parameters);
    }

    /** The slugs and ids of the organiser's own campaigns, newest first. */
    public java.util.Map<String, Long> slugsOwnedBy(long ownerId) {
        java.util.Map<String, Long> owned = new java.util.LinkedHashMap<>();
        getEntityManager().createQuery("select c.slug, c.id from Campaign c where c.organiserId = :owner order by c.createdAt desc, c.id desc",
                        Object[].class)
                .setParameter("owner", ownerId)
                .getResultList()
                .forEach(row -> owned.put((String) row[0], ((Number) row[1]).longValue()));
        return owned;
    }

    /** Records that a campaign reached a milestone; false when it had already (once, whichever replica asks). */
    public boolean recordMilestone(long campaignId, int percent) {
        return getEntityManager().createNativeQuery(
                        "INSERT INTO campaign_milestone (campaign_id, percent) VALUES (:campaign, :percent) ON CONFLICT DO NOTHING")
                .setParameter("campaign", campaignId)
                .setParameter("percent", percent)
                .executeUpdate() == 1;
    }

    public record Milestone(int percent, Instant reachedAt) {
    }

    public List<Milestone> milestones(long campaignId) {
        return getSession().createNativeQuery(
                        "SELECT percent, reached_at FROM campaign_milestone WHERE campaign_id = :campaign ORDER BY percent",
                        Milestone.class)
                .setParameter("campaign", campaignId)
                .getResultList();
    }

    /** Confirmed signatures by place: one kind ('country', 'state', 'district'), largest first, none below 1. */
    public List<PlaceCount> placeCounts(long campaignId, String kind) {
        return getSession().createNativeQuery("""
                        SELECT code, count FROM campaign_place_count
                        WHERE campaign_id = :campaign AND kind = :kind AND count > 0
                        ORDER BY count DESC, code""", PlaceCount.class)
                .setParameter("campaign", campaignId)
                .setParameter("kind", kind)
                .getResultList();
    }

    public record PlaceCount(String code, long count) {
    }

    /** The {@code limit} places of one kind with the most confirmed signatures, largest first. */
    @SuppressWarnings("unchecked")
    public List<PlaceCount> topPlaceCounts(long campaignId, String kind, int limit) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        SELECT code, count FROM campaign_place_count
                        WHERE campaign_id = :campaign AND kind = :kind AND count > 0
                        ORDER BY count DESC, code LIMIT :limit""")
                .setParameter("campaign", campaignId)
                .setParameter("kind", kind)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(r -> new PlaceCount((String) r[0], ((Number) r[1]).longValue())).toList();
    }

    /** Serialises loading the demo campaigns across replicas, until the transaction ends. */
    public void lockDemoLoading() {
        getEntityManager().createNativeQuery(
                        "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('groundswell-demo-campaigns'))) AS locked")
                .getSingleResult();
    }
}

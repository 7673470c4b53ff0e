package org.groundswell.campaign;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.ResultPage;

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

    /** Serialises loading the demo campaigns across replicas, until the transaction ends. */
    public void lockDemoLoading() {
        getEntityManager().createNativeQuery(
                        "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('groundswell-demo-campaigns'))) AS locked")
                .getSingleResult();
    }
}

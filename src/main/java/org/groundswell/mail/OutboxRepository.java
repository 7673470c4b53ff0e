package org.groundswell.mail;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.common.ResultPage;

import java.time.Duration;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxMessage> {

    /**
     * Takes up to {@code limit} due PENDING messages under a lease: their next attempt moves {@code lease} ahead,
     * so no other round (of any replica) takes them meanwhile. Answers their ids, oldest first.
     */
    @SuppressWarnings("unchecked")
    public List<Long> claimDue(int limit, Duration lease) {
        List<Number> ids = getEntityManager().createNativeQuery("""
                        UPDATE outbox_message SET attempts = attempts + 1,
                               next_attempt_at = now() + make_interval(secs => :lease)
                        WHERE id IN (SELECT id FROM outbox_message
                                     WHERE status = :pending AND next_attempt_at <= now()
                                     ORDER BY next_attempt_at, id
                                     LIMIT :limit
                                     FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .setParameter("lease", (double) lease.toSeconds())
                .setParameter("pending", OutboxStatus.PENDING.name())
                .setParameter("limit", limit)
                .getResultList();
        return ids.stream().map(Number::longValue).sorted().toList();
    }

    /** Hands claimed messages back, uncharged, for the next round. */
    public void release(List<Long> ids) {
        getEntityManager().createNativeQuery(
                        "UPDATE outbox_message SET attempts = attempts - 1, next_attempt_at = now() WHERE id IN (:ids)")
                .setParameter("ids", ids)
                .executeUpdate();
    }

    public long countByStatus(OutboxStatus status) {
        return count("status", status);
    }

    public ResultPage<OutboxMessage> listByStatus(OutboxStatus status, int page, int size) {
        PanacheQuery<OutboxMessage> query = find("status", Sort.descending("id"), status);
        return new ResultPage<>(query.page(page, size).list(), page, size, query.count());
    }
}

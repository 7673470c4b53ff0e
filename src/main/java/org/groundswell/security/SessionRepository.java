package org.groundswell.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every query on console_session: sessions of the console, by the hash of the id in their cookie. */
@ApplicationScoped
public class SessionRepository {

    private final EntityManager em;

    public SessionRepository(EntityManager em) {
        this.em = em;
    }

    public record Row(String idHash, String email, Instant createdAt, Instant lastSeenAt) {
    }

    public void insert(String idHash, String email, Instant now) {
        em.createNativeQuery("INSERT INTO console_session (id_hash, email, created_at, last_seen_at) VALUES (:id, :email, :now, :now)")
                .setParameter("id", idHash)
                .setParameter("email", email)
                .setParameter("now", now)
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    public Optional<Row> find(String idHash) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id_hash, email, created_at, last_seen_at FROM console_session WHERE id_hash = :id")
                .setParameter("id", idHash)
                .getResultList();
        return rows.stream().findFirst().map(r -> new Row((String) r[0], (String) r[1], (Instant) r[2], (Instant) r[3]));
    }

    public void touch(String idHash, Instant now) {
        em.createNativeQuery("UPDATE console_session SET last_seen_at = :now WHERE id_hash = :id AND last_seen_at < :now")
                .setParameter("id", idHash)
                .setParameter("now", now)
                .executeUpdate();
    }

    public int delete(String idHash) {
        return em.createNativeQuery("DELETE FROM console_session WHERE id_hash = :id").setParameter("id", idHash).executeUpdate();
    }

    public int deleteAllOf(String email) {
        return em.createNativeQuery("DELETE FROM console_session WHERE email = :email").setParameter("email", email).executeUpdate();
    }

    /** Sessions past their idle or absolute expiry. */
    public int deleteExpired(Instant idleBefore, Instant createdBefore) {
        return em.createNativeQuery("DELETE FROM console_session WHERE last_seen_at < :idle OR created_at < :created")
                .setParameter("idle", idleBefore)
                .setParameter("created", createdBefore)
                .executeUpdate();
    }
}

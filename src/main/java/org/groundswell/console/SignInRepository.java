package org.groundswell.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every query on sign_in_link: one-time links, stored by the SHA-256 hash of their token. */
@ApplicationScoped
public class SignInRepository {

    private final EntityManager em;

    public SignInRepository(EntityManager em) {
        this.em = em;
    }

    public record Link(String email, Instant expiresAt, Instant usedAt) {
    }

    public void insert(String tokenHash, String email, String mailboxHash, String clientHash, Instant now, Instant expiresAt) {
        em.createNativeQuery("""
                        INSERT INTO sign_in_link (token_hash, email, mailbox_hash, client_hash, created_at, expires_at)
                        VALUES (:token, :email, :mailbox, :client, :now, :expires)""")
                .setParameter("token", tokenHash)
                .setParameter("email", email)
                .setParameter("mailbox", mailboxHash)
                .setParameter("client", clientHash)
                .setParameter("now", now)
                .setParameter("expires", expiresAt)
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    public Optional<Link> find(String tokenHash) {
        List<Object[]> rows = em.createNativeQuery("SELECT email, expires_at, used_at FROM sign_in_link WHERE token_hash = :token")
                .setParameter("token", tokenHash)
                .getResultList();
        return rows.stream().findFirst().map(r -> new Link((String) r[0], (Instant) r[1], (Instant) r[2]));
    }

    /** Marks a live link used; answers its address, or nothing if it was used, expired or unknown (once, whoever asks). */
    @SuppressWarnings("unchecked")
    public Optional<String> use(String tokenHash, Instant now) {
        List<String> rows = em.createNativeQuery("""
                        UPDATE sign_in_link SET used_at = :now
                        WHERE token_hash = :token AND used_at IS NULL AND expires_at > :now
                        RETURNING email""")
                .setParameter("token", tokenHash)
                .setParameter("now", now)
                .getResultList();
        return rows.stream().findFirst();
    }

    /** Until the transaction ends, no other transaction makes a link for this mailbox (its limits are counted once). */
    public void lockMailbox(String mailboxHash) {
        em.createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('sign-in:' || :mailbox))) l")
                .setParameter("mailbox", mailboxHash)
                .getSingleResult();
    }

    /** The mailbox's links that still sign in: neither used nor expired. */
    public long countLiveByMailbox(String mailboxHash, Instant now) {
        return ((Number) em.createNativeQuery("""
                        SELECT count(*) FROM sign_in_link
                        WHERE mailbox_hash = :mailbox AND used_at IS NULL AND expires_at > :now""")
                .setParameter("mailbox", mailboxHash)
                .setParameter("now", now)
                .getSingleResult()).longValue();
    }

    public long countByMailbox(String mailboxHash, Instant since) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM sign_in_link WHERE mailbox_hash = :mailbox AND created_at > :since")
                .setParameter("mailbox", mailboxHash)
                .setParameter("since", since)
                .getSingleResult()).longValue();
    }

    public long countByClient(String clientHash, Instant since) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM sign_in_link WHERE client_hash = :client AND created_at > :since")
                .setParameter("client", clientHash)
                .setParameter("since", since)
                .getSingleResult()).longValue();
    }

    /** Links made before that moment (long expired, and past every limit's window). */
    public int deleteCreatedBefore(Instant before) {
        return em.createNativeQuery("DELETE FROM sign_in_link WHERE created_at < :before").setParameter("before", before).executeUpdate();
    }
}

package org.groundswell.apikeys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every statement on {@code api_key} and {@code api_key_campaign}: this package owns them. */
@ApplicationScoped
public class ApiKeyRepository {

    private final EntityManager em;

    public ApiKeyRepository(EntityManager em) {
        this.em = em;
    }

    /** A key as stored (never the key itself), with the ids of the campaigns it is limited to (none: all). */
    public record StoredKey(long id, long organiserId, String name, String originSystem, Instant createdAt,
                            Instant lastUsedAt, Set<Long> campaignIds) {
    }

    /** Stores a new key under its hash with its campaigns; answers its id and when it was made. */
    public StoredKey insert(long organiserId, String name, String originSystem, String keyHash, Collection<Long> campaignIds) {
        Object[] row = (Object[]) em.createNativeQuery("""
                        INSERT INTO api_key (organiser_id, name, origin_system, key_hash) VALUES (:organiser, :name, :origin, :hash)
                        RETURNING id, created_at""")
                .setParameter("organiser", organiserId)
                .setParameter("name", name)
                .setParameter("origin", originSystem)
                .setParameter("hash", keyHash)
                .getSingleResult();
        long id = ((Number) row[0]).longValue();
        if (!campaignIds.isEmpty()) {
            em.createNativeQuery("""
                            INSERT INTO api_key_campaign (api_key_id, campaign_id)
                            SELECT :key, c FROM unnest(CAST(:campaigns AS bigint[])) AS c""")
                    .setParameter("key", id)
                    .setParameter("campaigns", campaignIds.toArray(Long[]::new))
                    .executeUpdate();
        }
        return new StoredKey(id, organiserId, name, originSystem, (Instant) row[1], null, new LinkedHashSet<>(campaignIds));
    }

    /** The key stored under this hash, unless it was revoked. */
    @SuppressWarnings("unchecked")
    public Optional<StoredKey> findActiveByHash(String keyHash) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT k.id, k.organiser_id, k.name, k.origin_system, k.created_at, k.last_used_at,
                               string_agg(CAST(c.campaign_id AS text), ',' ORDER BY c.campaign_id)
                        FROM api_key k LEFT JOIN api_key_campaign c ON c.api_key_id = k.id
                        WHERE k.key_hash = :hash AND k.revoked_at IS NULL
                        GROUP BY k.id""")
                .setParameter("hash", keyHash)
                .getResultList();
        return rows.stream().findFirst().map(ApiKeyRepository::stored);
    }

    /** The organiser's keys that are not revoked, newest first. */
    @SuppressWarnings("unchecked")
    public List<StoredKey> listActive(long organiserId) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT k.id, k.organiser_id, k.name, k.origin_system, k.created_at, k.last_used_at,
                               string_agg(CAST(c.campaign_id AS text), ',' ORDER BY c.campaign_id)
                        FROM api_key k LEFT JOIN api_key_campaign c ON c.api_key_id = k.id
                        WHERE k.organiser_id = :organiser AND k.revoked_at IS NULL
                        GROUP BY k.id ORDER BY k.created_at DESC, k.id DESC""")
                .setParameter("organiser", organiserId)
                .getResultList();
        return rows.stream().map(ApiKeyRepository::stored).toList();
    }

    /** How many keys the organiser has that are not revoked. */
    public long countActive(long organiserId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM api_key WHERE organiser_id = :organiser AND revoked_at IS NULL")
                .setParameter("organiser", organiserId).getSingleResult()).longValue();
    }

    /**
     * Records that the key was used, unless that was recorded within the last minute (on any replica): at most one
     * write a minute per key, however many requests it makes.
     */
    public void touch(long keyId) {
        em.createNativeQuery("""
                        UPDATE api_key SET last_used_at = now()
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
                .setParameter("id", keyId)
                .executeUpdate();
    }

    /** Revokes one of the organiser's keys (again: no change); false when the organiser has no key of that id. */
    public boolean revoke(long organiserId, long keyId) {
        return em.createNativeQuery("""
                        UPDATE api_key SET revoked_at = coalesce(revoked_at, now())
                        WHERE id = :id AND organiser_id = :organiser""")
                .setParameter("id", keyId)
                .setParameter("organiser", organiserId)
                .executeUpdate() == 1;
    }

    /** Revokes every key of the organiser. */
    public int revokeAllOf(long organiserId) {
        return em.createNativeQuery("UPDATE api_key SET revoked_at = now() WHERE organiser_id = :organiser AND revoked_at IS NULL")
                .setParameter("organiser", organiserId)
                .executeUpdate();
    }

    private static StoredKey stored(Object[] r) {
        Set<Long> campaigns = new LinkedHashSet<>();
        if (r[6] != null) {
            for (String id : ((String) r[6]).split(",")) {
                campaigns.add(Long.parseLong(id));
            }
        }
        return new StoredKey(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2], (String) r[3],
                instant(r[4]), instant(r[5]), campaigns);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}

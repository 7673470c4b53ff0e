package org.groundswell.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.Collection;
import java.util.List;

/** The wrapped keys (table wrapped_key): each key encrypted under a master secret the database never holds. */
@ApplicationScoped
public class SecretRepository {

    private final EntityManager em;

    public SecretRepository(EntityManager em) {
        this.em = em;
    }

    /** Every stored copy of the key of that name, each wrapped under one master. */
    @SuppressWarnings("unchecked")
    public List<IdentifierKeys.Wrapped> copiesOf(String name) {
        List<Object[]> rows = em.createNativeQuery("SELECT key_id, value FROM wrapped_key WHERE name = :name ORDER BY key_id")
                .setParameter("name", name).getResultList();
        return rows.stream().map(r -> new IdentifierKeys.Wrapped((String) r[0], (String) r[1])).toList();
    }

    /** Stores a copy unless one under that master is there already (the first replica to write it wins). */
    public void insert(String name, String keyId, String value) {
        em.createNativeQuery("INSERT INTO wrapped_key (name, key_id, value) VALUES (:name, :keyId, :value) ON CONFLICT DO NOTHING")
                .setParameter("name", name)
                .setParameter("keyId", keyId)
                .setParameter("value", value)
                .executeUpdate();
    }

    public void delete(String name, Collection<String> keyIds) {
        if (!keyIds.isEmpty()) {
            em.createNativeQuery("DELETE FROM wrapped_key WHERE name = :name AND key_id IN (:ids)")
                    .setParameter("name", name)
                    .setParameter("ids", keyIds)
                    .executeUpdate();
        }
    }
}

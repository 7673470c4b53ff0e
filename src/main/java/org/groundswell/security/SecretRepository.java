package org.groundswell.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

@ApplicationScoped
public class SecretRepository {

    private final EntityManager em;

    public SecretRepository(EntityManager em) {
        this.em = em;
    }

    /** Stores {@code candidate} under {@code name} unless a value is there already; answers the stored value. */
    public String createOrRead(String name, String candidate) {
        em.createNativeQuery("INSERT INTO service_secret (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING")
                .setParameter("name", name)
                .setParameter("value", candidate)
                .executeUpdate();
        return (String) em.createNativeQuery("SELECT value FROM service_secret WHERE name = :name")
                .setParameter("name", name)
                .getSingleResult();
    }
}

package org.groundswell.organiser;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import java.time.Instant;

/** Someone who runs campaigns. Only the SHA-256 hash of their bearer token is kept. */
@Entity
public class Organiser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String email;

    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    /** Set by the admin: the token no longer works; the organiser's campaigns stay. */
    @Column(name = "disabled_at")
    public Instant disabledAt;
}

package org.groundswell.signature;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.groundswell.steps.Supporter;

import java.time.Instant;

/** Created by a native INSERT ... ON CONFLICT ({@link SignatureRepository#insertIfAbsent}); read through JPA. */
@Entity
public class Signature {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "campaign_id")
    public Long campaignId;

    public String name;

    public String email;

    public String country;

    public String region;

    @Column(name = "postal_code")
    public String postalCode;

    public Integer district;

    @Column(name = "consent_to_updates")
    public boolean consentToUpdates;

    @Enumerated(EnumType.STRING)
    public SignatureStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Column(name = "unsubscribed_at")
    public Instant unsubscribedAt;

    @Column(name = "anonymised_at")
    public Instant anonymisedAt;

    @Column(name = "client_hash")
    public String clientHash;

    @Column(name = "mailbox_hash")
    public String mailboxHash;

    /** The source tag of the API key it was made with; null for our own pages and API. */
    @Column(name = "origin_system")
    public String originSystem;

    /** The API key it was made with; null for our own pages and API. */
    @Column(name = "api_key_id")
    public Long apiKeyId;

    public Supporter supporter() {
        return new Supporter(name, country, region, postalCode, district);
    }
}

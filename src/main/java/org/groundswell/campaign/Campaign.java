package org.groundswell.campaign;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Entity
public class Campaign {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "organiser_id")
    public Long organiserId;

    public String slug;

    public String title;

    public String summary;

    public String body;

    public String topic;

    public int goal;

    @Enumerated(EnumType.STRING)
    public CampaignStatus status;

    /** Confirmed signatures, folded in by {@link org.groundswell.signature.SignatureTally}; never written here. */
    @Column(name = "signature_count", insertable = false, updatable = false)
    public long signatureCount;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When it moved to CLOSED; retention counts from here. */
    @Column(name = "closed_at")
    public Instant closedAt;

    /**
     * The origins that may frame the campaign's widget, separated by single spaces ({@link EmbedOrigins}); empty: any
     * https: origin.
     */
    @Column(name = "embed_origins")
    public String embedOrigins = "";

    @OneToMany(mappedBy = "campaign", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<ActionStep> steps = new ArrayList<>();

    public void replaceSteps(List<ActionStep> newSteps) {
        steps.clear();
        for (ActionStep step : newSteps) {
            step.campaign = this;
            step.position = steps.size() + 1;
            steps.add(step);
        }
    }
}

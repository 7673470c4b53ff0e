package org.groundswell.campaign;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One thing a supporter can do after signing: e-mail, call, write to or visit a target. */
@Entity
@Table(name = "action_step")
public class ActionStep {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "campaign_id")
    public Campaign campaign;

    public int position;

    @Enumerated(EnumType.STRING)
    public StepKind kind;

    public String title;

    public String instructions;

    @Enumerated(EnumType.STRING)
    @Column(name = "target_type")
    public TargetType targetType = TargetType.FIXED;

    @Column(name = "target_name")
    public String targetName;

    @Column(name = "target_email")
    public String targetEmail;

    @Column(name = "target_phone")
    public String targetPhone;

    @Column(name = "target_postal_address")
    public String targetPostalAddress;

    @Column(name = "target_url")
    public String targetUrl;

    @Column(name = "subject_template")
    public String subjectTemplate;

    @Column(name = "message_template")
    public String messageTemplate;
}

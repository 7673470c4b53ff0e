package org.groundswell.mail;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A mail waiting to be sent (or sent, or given up on), written in the transaction that caused it. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String kind;

    /** 0 first: see {@link OutgoingMail#URGENT}. */
    public int priority;

    @Column(name = "signature_id")
    public Long signatureId;

    /** The campaign the mail is about, for its counts on the dashboard; null for mail about none. */
    @Column(name = "campaign_id")
    public Long campaignId;

    @Column(name = "list_unsubscribe")
    public String listUnsubscribe;

    public String recipient;

    public String subject;

    @Column(name = "html_body")
    public String htmlBody;

    @Column(name = "text_body")
    public String textBody;

    @Enumerated(EnumType.STRING)
    public OutboxStatus status;

    public int attempts;

    @Column(name = "next_attempt_at", insertable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}

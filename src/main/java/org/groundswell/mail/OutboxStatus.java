package org.groundswell.mail;

public enum OutboxStatus {
    PENDING,
    SENT,
    FAILED,
    /** Not to be sent: its supporter unsubscribed, was invalidated by review or removed their signature. */
    CANCELLED
}

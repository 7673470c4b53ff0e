package org.groundswell.mail;

public enum OutboxStatus {
    PENDING,
    SENT,
    FAILED
}

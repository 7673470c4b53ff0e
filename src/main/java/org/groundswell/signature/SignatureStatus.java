package org.groundswell.signature;

public enum SignatureStatus {
    PENDING,
    CONFIRMED
}

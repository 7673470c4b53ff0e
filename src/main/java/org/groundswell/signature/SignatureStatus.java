package org.groundswell.signature;

public enum SignatureStatus {
    /** Waiting for the supporter to confirm through the mailed link. */
    PENDING,
    /** Confirmed: it counts. */
    CONFIRMED,
    /** Over an abuse limit: stored, not mailed, not counted, until a reviewer releases or invalidates it. */
    HELD,
    /** Removed by review: not counted, not exported. */
    INVALIDATED
}

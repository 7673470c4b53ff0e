package org.groundswell.privacy;

import java.util.List;

/**
 * These signatures' supporter data is gone: erased on request, removed by the supporter, or anonymised by retention.
 * Fired inside the transaction that erases them and observed synchronously: a package that copied the data elsewhere
 * (webhooks' queued bodies) removes its copy in the same transaction, through its own tables' writer.
 */
public record SignaturesErased(List<Long> signatureIds) {

    public SignaturesErased {
        signatureIds = List.copyOf(signatureIds);
    }
}

package org.groundswell.privacy;

import java.time.Instant;
import java.util.List;

/** Everything held about one e-mail address, for the person it belongs to. */
public record SupporterExport(String email, boolean suppressed, List<SignatureRecord> signatures, List<MailRecord> mails) {

    public record SignatureRecord(String campaign, String name, String email, String country, String region,
                                  String postalCode, Integer district, String status, boolean consentToUpdates,
                                  Instant unsubscribedAt, Instant createdAt, Instant confirmedAt) {
    }

    public record MailRecord(long id, String kind, String subject, String status, Instant createdAt, Instant sentAt) {
    }
}

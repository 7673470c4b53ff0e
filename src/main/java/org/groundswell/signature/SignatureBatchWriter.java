package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one batch of signing requests on the connection of the batch's transaction ({@link SigningBatcher} runs
 * it): takes the limit keys' locks, reads the counts, lets {@link AbuseLimits} decide each request, inserts the
 * signatures, and issues the confirmation mails, with one statement per step for the whole batch.
 */
@ApplicationScoped
public class SignatureBatchWriter {

    private final SignatureBatchRepository reads;
    private final SignatureRepository signatures;
    private final SupporterMails mails;
    private final Outbox outbox;
    private final AbuseLimits limits;
    private final Duration burstWindow;
    private final Duration sustainedWindow;
    private final Duration resendInterval;

    public SignatureBatchWriter(SignatureBatchRepository reads, SignatureRepository signatures, SupporterMails mails,
                                Outbox outbox, GroundswellConfig config) {
        this.reads = reads;
        this.signatures = signatures;
        this.mails = mails;
        this.outbox = outbox;
        GroundswellConfig.Limits configured = config.limits();
        this.limits = new AbuseLimits(new AbuseLimits.Limits(configured.addressBurst(), configured.addressSustained(),
                configured.mailboxPerDay()));
        this.burstWindow = configured.addressBurstWindow();
        this.sustainedWindow = configured.addressSustainedWindow();
        this.resendInterval = config.signing().confirmationResendInterval();
    }

    /** What a batch wrote: new signatures, how many of them a limit held, and whether mail was queued. */
    public record Written(int received, int held, int mailed) {
    }

    public Written write(Connection connection, List<SigningRequest> requests) throws SQLException {
        List<SigningRequest> distinct = AbuseLimits.distinct(requests);

        List<String> limitKeys = new ArrayList<>(distinct.size() * 2);
        Map<String, SigningRequest> byAddress = new LinkedHashMap<>();
        Set<String> mailboxes = new LinkedHashSet<>();
        for (SigningRequest request : distinct) {
            String key = AbuseLimits.addressKey(request.campaignId(), request.clientHash());
            limitKeys.add("address:" + key);
            limitKeys.add("mailbox:" + request.mailboxHash());
            byAddress.putIfAbsent(key, request);
            mailboxes.add(request.mailboxHash());
        }
        reads.lockLimitKeys(connection, limitKeys);
        Map<String, AbuseLimits.AddressCount> addressCounts = reads.addressCounts(connection, byAddress.values(),
                burstWindow, sustainedWindow);
        Map<String, Long> mailboxCounts = reads.mailboxCounts(connection, mailboxes);
        Set<String> suppressed = reads.suppressed(connection, mailboxes);

        AbuseLimits.Batch batch = limits.batch(addressCounts, mailboxCounts, suppressed);
        List<SignatureRepository.Row> rows = new ArrayList<>(distinct.size());
        for (SigningRequest request : distinct) {
            AbuseLimits.Decision decision = batch.decide(AbuseLimits.addressKey(request.campaignId(), request.clientHash()),
                    request.mailboxHash());
            rows.add(new SignatureRepository.Row(request, decision.held() ? SignatureStatus.HELD : SignatureStatus.PENDING,
                    decision.first()));
        }

        List<SignatureRepository.Inserted> inserted = signatures.insertIfAbsent(connection, rows);
        Map<String, SignatureRepository.Row> byKey = new HashMap<>();
        rows.forEach(row -> byKey.put(row.request().campaignId() + "/" + row.request().email(), row));
        ConfirmationMails confirmations = new ConfirmationMails(mails, signatures, outbox);
        int heldNow = 0;
        for (SignatureRepository.Inserted row : inserted) {
            SignatureRepository.Row written = byKey.remove(row.campaignId() + "/" + row.email());
            if (written.status() == SignatureStatus.HELD) {
                heldNow++;
                continue;
            }
            SigningRequest request = written.request();
            confirmations.add(row.id(), request.email(), request.name(), request.campaignTitle());
        }
        // Signatures that exist already: the same answer. A repeat within the limits (its mail already counted
        // above) sends the confirmation again once per interval, and lets go of a signature an earlier limit held.
        List<SigningRequest> repeats = new ArrayList<>();
        for (SignatureRepository.Row row : byKey.values()) {
            if (row.status() == SignatureStatus.PENDING) {
                repeats.add(row.request());
            }
        }
        if (!repeats.isEmpty()) {
            Map<Long, String> titles = new HashMap<>();
            repeats.forEach(r -> titles.put(r.campaignId(), r.campaignTitle()));
            for (SignatureRepository.ResendDue due : signatures.markResendDue(connection, repeats, resendInterval,
                    HoldReason.LIFTED_BY_SIGNING_AGAIN)) {
                confirmations.add(due.id(), due.email(), due.name(), titles.get(due.campaignId()));
            }
        }
        int mailed = confirmations.write(connection).size();
        return new Written(inserted.size(), heldNow, mailed);
    }
}

package org.groundswell.signature;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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
    private final Duration campaignWindow;

    public SignatureBatchWriter(SignatureBatchRepository reads, SignatureRepository signatures, SupporterMails mails,
                                Outbox outbox, GroundswellConfig config) {
        this.reads = reads;
        this.signatures = signatures;
        this.mails = mails;
        this.outbox = outbox;
        GroundswellConfig.Limits configured = config.limits();
        this.limits = new AbuseLimits(new AbuseLimits.Limits(configured.addressBurst(), configured.addressSustained(),
                configured.networkBurst(), configured.networkSustained(), configured.campaignBudget(),
                configured.mailboxPerDay()));
        this.campaignWindow = configured.campaignBudgetWindow();
        this.burstWindow = configured.addressBurstWindow();
        this.sustainedWindow = configured.addressSustainedWindow();
        this.resendInterval = config.signing().confirmationResendInterval();
    }

    /** Rows per campaign and minute of signing_rate: concurrent batches rarely meet on one. */
    private static final int SIGNING_RATE_SHARDS = 8;

    /**
     * The advisory-lock key of a mailbox's limits: signing and releasing take it (with {@link
     * SignatureBatchRepository#lockLimitKeys}) before they count the mailbox's mails, so neither passes the limit.
     */
    public static String mailboxLockKey(String mailboxHash) {
        return "mailbox:" + mailboxHash;
    }

    /** What a batch wrote: new signatures, how many of them a limit held, and whether mail was queued. */
    public record Written(int received, int held, int mailed) {
    }

    /** The per-minute counts of new signatures outlive the campaign budget's window by a little, then go. */
    @Scheduled(every = "10m", delayed = "1m", identity = "signing-rate-cleanup")
    @Transactional
    void forgetOldSigningRates() {
        signatures.forgetSigningRatesBefore(Instant.now().minus(campaignWindow).minus(Duration.ofMinutes(5)));
    }

    public Written write(Connection connection, List<SigningRequest> requests) throws SQLException {
        List<SigningRequest> distinct = AbuseLimits.distinct(requests);

        List<String> limitKeys = new ArrayList<>(distinct.size() * 3);
        Map<String, SigningRequest> byAddress = new LinkedHashMap<>();
        Map<String, SigningRequest> byNetwork = new LinkedHashMap<>();
        Set<Long> campaigns = new LinkedHashSet<>();
        Set<String> mailboxes = new LinkedHashSet<>();
        for (SigningRequest request : distinct) {
            limitKeys.add(mailboxLockKey(request.mailboxHash()));
            campaigns.add(request.campaignId());
            mailboxes.add(request.mailboxHash());
            if (request.origin().isPartner()) {
                continue; // a partner's key: its budget, not its server's address, limits it (AbuseLimits)
            }
            String key = AbuseLimits.addressKey(request.campaignId(), request.clientHash());
            limitKeys.add("address:" + key);
            byAddress.putIfAbsent(key, request);
            if (request.networkHash() != null) {
                String network = AbuseLimits.addressKey(request.campaignId(), request.networkHash());
                limitKeys.add("network:" + network);
                byNetwork.putIfAbsent(network, request);
            }
        }
        reads.lockLimitKeys(connection, limitKeys);
        Map<String, AbuseLimits.AddressCount> addressCounts = reads.addressCounts(connection, byAddress.values(),
                burstWindow, sustainedWindow);
        Map<String, AbuseLimits.AddressCount> networkCounts = reads.networkCounts(connection, byNetwork.values(),
                burstWindow, sustainedWindow);
        Map<Long, Long> campaignCounts = reads.campaignCounts(connection, campaigns, campaignWindow);
        Map<String, Long> mailboxCounts = reads.mailboxCounts(connection, mailboxes);
        Set<String> suppressed = reads.suppressed(connection, mailboxes);

        AbuseLimits.Batch batch = limits.batch(addressCounts, networkCounts, campaignCounts, mailboxCounts, suppressed);
        List<SignatureRepository.Row> rows = new ArrayList<>(distinct.size());
        for (SigningRequest request : distinct) {
            AbuseLimits.Decision decision = batch.decide(AbuseLimits.addressKey(request.campaignId(), request.clientHash()),
                    request.networkHash() == null ? null : AbuseLimits.addressKey(request.campaignId(), request.networkHash()),
                    request.campaignId(), request.mailboxHash(), request.origin().isPartner());
            rows.add(new SignatureRepository.Row(request, decision.held() ? SignatureStatus.HELD : SignatureStatus.PENDING,
                    decision.reasons()));
        }

        List<SignatureRepository.Inserted> inserted = signatures.insertIfAbsent(connection, rows);
        Map<String, SignatureRepository.Row> byKey = new HashMap<>();
        rows.forEach(row -> byKey.put(AbuseLimits.mailboxKey(row.request().campaignId(), row.request().mailboxHash()), row));
        ConfirmationMails confirmations = new ConfirmationMails(mails, signatures, outbox);
        Map<Long, Integer> newSignatures = new HashMap<>();
        int heldNow = 0;
        for (SignatureRepository.Inserted row : inserted) {
            SignatureRepository.Row written = byKey.remove(AbuseLimits.mailboxKey(row.campaignId(), row.mailboxHash()));
            if (written.status() == SignatureStatus.HELD) {
                heldNow++;
                continue;
            }
            SigningRequest request = written.request();
            newSignatures.merge(request.campaignId(), 1, Integer::sum);
            confirmations.add(row.id(), request.email(), request.campaignTitle());
        }
        signatures.addToSigningRate(connection, newSignatures, ThreadLocalRandom.current().nextInt(SIGNING_RATE_SHARDS));
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
                confirmations.add(due.id(), due.email(), titles.get(due.campaignId()));
            }
        }
        int mailed = confirmations.write(connection).size();
        return new Written(inserted.size(), heldNow, mailed);
    }
}

package org.groundswell.privacy;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignCatalog;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.EmailAddresses;
import org.groundswell.common.InvalidInputException;
import org.groundswell.mail.Outbox;
import org.groundswell.security.KeyedHashes;
import org.groundswell.security.SignedLinks;
import org.groundswell.signature.Signature;
import org.groundswell.signature.SignatureRepository;
import org.groundswell.signature.SignatureStatus;
import org.groundswell.signature.SignatureTally;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A supporter's say over their data: one-click unsubscribe, "no mail from any campaign" (suppression), removing a
 * signature; and the admin's export and erasure of everything held about one address.
 */
@ApplicationScoped
public class PrivacyService {

    private final SignedLinks links;
    private final SignatureRepository signatures;
    private final PrivacyRepository privacy;
    private final CampaignCatalog campaigns;
    private final SignatureTally tally;
    private final KeyedHashes hashes;
    private final Outbox outbox;
    private final Event<SignaturesErased> erased;

    public PrivacyService(SignedLinks links, SignatureRepository signatures, PrivacyRepository privacy,
                          CampaignCatalog campaigns, SignatureTally tally, KeyedHashes hashes, Outbox outbox,
                          Event<SignaturesErased> erased) {
        this.links = links;
        this.signatures = signatures;
        this.privacy = privacy;
        this.campaigns = campaigns;
        this.tally = tally;
        this.hashes = hashes;
        this.outbox = outbox;
        this.erased = erased;
    }

    /** What a signed link leads to: nothing (not our link), a signature that is gone, or a signature. */
    public sealed interface Linked {
        record NotOurs() implements Linked {
        }

        record Gone() implements Linked {
        }

        record Found(Signature signature, CampaignSnapshot campaign) implements Linked {
        }
    }

    @Transactional
    public Linked find(String purpose, String token) {
        OptionalLong id = links.verify(purpose, token);
        if (id.isEmpty()) {
            return new Linked.NotOurs();
        }
        Optional<Signature> signature = signatures.findByIdOptional(id.getAsLong()).filter(s -> s.anonymisedAt == null);
        if (signature.isEmpty()) {
            return new Linked.Gone();
        }
        return new Linked.Found(signature.get(), campaigns.byId(signature.get().campaignId).orElseThrow());
    }

    /**
     * No more updates for this signature, and with {@code everywhere} no mail at all to its mailbox from any
     * campaign (a keyed hash of the mailbox is kept, never the address). Its unsent updates are cancelled.
     */
    @Transactional
    public Linked unsubscribe(String token, boolean everywhere) {
        Linked found = find(SignedLinks.UNSUBSCRIBE, token);
        if (found instanceof Linked.Found f) {
            signatures.unsubscribe(f.signature().id);
            if (everywhere && f.signature().email != null) {
                String mailbox = hashes.ofMailbox(f.signature().email);
                signatures.suppress(mailbox);
                // Every signature of the mailbox, in every campaign: no consent left to show in a list or an export.
                List<Long> ofMailbox = privacy.signaturesOf(mailbox, f.signature().email);
                signatures.unsubscribeAll(ofMailbox);
                outbox.cancelUnsentOf(ofMailbox);
            }
            Log.infof("Signature %d unsubscribed%s", f.signature().id, everywhere ? " from every campaign" : "");
        }
        return found;
    }

    /** Removes the signature: out of the count and the counts by place, its tokens and mails gone. */
    @Transactional
    public Linked remove(String token) {
        Linked found = find(SignedLinks.REMOVE, token);
        if (found instanceof Linked.Found f) {
            erase(f.signature().id);
            Log.infof("Signature %d removed by its supporter", f.signature().id);
        }
        return found;
    }

    /**
     * For an erasure request by e-mail: every signature of the address's canonical mailbox (every +tag and dot
     * variant of it), in every campaign. Answers how many.
     */
    @Transactional
    public int eraseAddress(String email) {
        String address = normalised(email);
        List<Long> ids = signaturesOfMailbox(address);
        Set<String> addresses = new TreeSet<>(privacy.addressesOf(ids));
        addresses.add(address);
        for (Long id : ids) {
            erase(id);
        }
        addresses.forEach(outbox::deleteUnlinkedTo);
        Log.infof("Erased %d signatures on request", ids.size());
        return ids.size();
    }

    /** For an access request by e-mail: all signatures, consents and the mails sent to the address's mailbox. */
    @Transactional
    public SupporterExport exportAddress(String email) {
        String address = normalised(email);
        List<Long> ids = signaturesOfMailbox(address);
        List<SupporterExport.SignatureRecord> records = ids.stream().map(signatures::findById).map(s -> new SupporterExport.SignatureRecord(
                campaigns.byId(s.campaignId).map(CampaignSnapshot::slug).orElse(null), s.name, s.email, s.country, s.region,
                s.postalCode, s.district, s.status.name(), s.consentToUpdates, s.unsubscribedAt, s.createdAt, s.confirmedAt)).toList();
        List<SupporterExport.MailRecord> mails = outbox.mailsOf(ids).stream().map(m -> new SupporterExport.MailRecord(
                m.id(), m.kind(), m.subject(), m.status().name(), m.createdAt(), m.sentAt())).toList();
        return new SupporterExport(address, signatures.isSuppressed(hashes.ofMailbox(address)), records, mails);
    }

    /** The signatures given from any address of that mailbox (one canonical form: {@link KeyedHashes#ofMailbox}). */
    private List<Long> signaturesOfMailbox(String address) {
        return privacy.signaturesOf(hashes.ofMailbox(address), address);
    }

    /**
     * Deletes the signature and its mails; it leaves the count only if it was confirmed when deleted. Copies of its
     * data held elsewhere (queued webhook bodies) go in this transaction too, through {@link SignaturesErased}.
     */
    private void erase(long signatureId) {
        signatures.delete(signatureId).ifPresent(deleted -> {
            outbox.deleteOf(List.of(deleted.id()));
            erased.fire(new SignaturesErased(List.of(deleted.id())));
            if (deleted.status() == SignatureStatus.CONFIRMED) {
                tally.record(deleted.campaignId(), deleted.country(), deleted.region(), deleted.district(), -1);
            }
        });
    }

    private static String normalised(String email) {
        return EmailAddresses.normalise(email)
                .orElseThrow(() -> InvalidInputException.field("email", "must be a valid e-mail address"));
    }
}

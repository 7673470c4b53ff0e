package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.EmailAddresses;
import org.groundswell.common.FieldError;
import org.groundswell.common.QuotaExceededException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.congress.UsPlaces;
import org.groundswell.security.ClientAddress;
import org.groundswell.security.KeyedHashes;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The rules of signing: what is checked before a signature is queued for {@link SigningBatcher}. */
@ApplicationScoped
public class SigningService {

    private final SigningBatcher batcher;
    private final UsPlaces places;
    private final KeyedHashes hashes;
    private final KeyBudget keyBudget;

    public SigningService(SigningBatcher batcher, UsPlaces places, KeyedHashes hashes, GroundswellConfig config) {
        this.batcher = batcher;
        this.places = places;
        this.hashes = hashes;
        this.keyBudget = new KeyBudget(config.apiKeys().signaturesPerSecond());
    }

    /** Signing from our own pages or the API without a key ({@link SigningOrigin#OWN}). */
    public CompletionStage<SigningResult> sign(CampaignSnapshot campaign, SignatureInput input, String clientAddress) {
        return sign(campaign, input, clientAddress, SigningOrigin.OWN);
    }

    /**
     * Records a pending signature and queues its confirmation mail; completes once both are committed. Signing
     * again with the same address changes nothing and answers the same, re-sending the confirmation at most once
     * per resend interval. The API and the web form both sign here; input that bean validation accepted can still
     * be invalid here (an address we cannot normalise, a district the state does not have).
     * <p>
     * With a partner's key ({@code origin}; the caller checked the key may record signatures on this campaign), the
     * key's budget stands in for the per-client-address limits: over it, {@link QuotaExceededException} (429 with
     * Retry-After) before anything is queued. The mailbox limits and the campaign's budget apply as ever, and the
     * signature is PENDING until the supporter confirms by mail.
     */
    public CompletionStage<SigningResult> sign(CampaignSnapshot campaign, SignatureInput input, String clientAddress,
                                               SigningOrigin origin) {
        if (origin.isPartner()) {
            keyBudget.take(origin.apiKeyId(), System.nanoTime()).ifPresent(wait -> {
                throw new QuotaExceededException("This API key has used its signing budget for now; try again shortly.", wait);
            });
        }
        if (!campaign.isOpenForSigning()) {
            return done(new SigningResult.Closed("The campaign '" + campaign.slug() + "' is closed and takes no more signatures."));
        }
        Optional<String> email = EmailAddresses.normalise(input.email());
        if (email.isEmpty()) {
            return done(new SigningResult.Invalid(List.of(new FieldError("email", "must be a valid e-mail address"))));
        }
        UsPlaces.Checked place = places.forSupporter(input.country(), input.region(), input.district());
        if (!place.isValid()) {
            return done(new SigningResult.Invalid(place.errors()));
        }
        SigningRequest request = new SigningRequest(campaign.id(), campaign.title(), input.name().strip(), email.get(),
                hashes.ofMailbox(email.get()), hashes.ofClientAddress(clientAddress), networkHash(clientAddress), input.country().toUpperCase(Locale.ROOT),
                place.place().region(), blankToNull(input.postalCode()), place.place().district(),
                Boolean.TRUE.equals(input.consentToUpdates()), origin);
        return batcher.submit(request).thenApply(written -> new SigningResult.Accepted());
    }

    /** The keyed hash of an IPv6 client's /48, under the client address key; null for IPv4. */
    private String networkHash(String clientAddress) {
        String network = ClientAddress.networkOf(clientAddress);
        return network == null ? null : hashes.ofClientAddress(network);
    }

    private static CompletionStage<SigningResult> done(SigningResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package org.groundswell.signature;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignCatalog;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.ConflictException;
import org.groundswell.common.ExpiredException;
import org.groundswell.common.EmailAddresses;
import org.groundswell.common.FieldError;
import org.groundswell.common.ResultPage;
import org.groundswell.common.Tokens;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.congress.UsPlaces;
import org.groundswell.mail.Outbox;
import org.groundswell.security.KeyedHashes;
import org.groundswell.steps.RenderedStep;
import org.groundswell.steps.StepRenderer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The rules of signing and confirming. */
@ApplicationScoped
public class SignatureService {

    private final SignatureRepository signatures;
    private final CampaignCatalog campaigns;
    private final SigningBatcher batcher;
    private final SupporterMails mails;
    private final Outbox outbox;
    private final SignatureTally tally;
    private final StepRenderer stepRenderer;
    private final UsPlaces places;
    private final KeyedHashes hashes;
    private final Clock clock;
    private final Duration linkLifetime;
    private final Counter confirmed;

    public SignatureService(SignatureRepository signatures, CampaignCatalog campaigns, SigningBatcher batcher,
                            SupporterMails mails, Outbox outbox, SignatureTally tally, StepRenderer stepRenderer,
                            UsPlaces places, KeyedHashes hashes, Clock clock, GroundswellConfig config, MeterRegistry registry) {
        this.signatures = signatures;
        this.campaigns = campaigns;
        this.batcher = batcher;
        this.mails = mails;
        this.outbox = outbox;
        this.tally = tally;
        this.stepRenderer = stepRenderer;
        this.places = places;
        this.hashes = hashes;
        this.clock = clock;
        this.linkLifetime = config.signing().confirmationLinkLifetime();
        this.confirmed = Counter.builder("groundswell.signatures.confirmed").description("Signatures confirmed").register(registry);
    }

    /**
     * Records a pending signature and queues its confirmation mail; completes once both are committed. Signing
     * again with the same address changes nothing and answers the same, re-sending the confirmation at most once
     * per resend interval. The API and the web form both sign here; input that bean validation accepted can still
     * be invalid here (an address we cannot normalise, a district the state does not have).
     */
    public CompletionStage<SigningResult> sign(CampaignSnapshot campaign, SignatureInput input, String clientAddress) {
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
                hashes.ofMailbox(email.get()), hashes.ofClientAddress(clientAddress), input.country().toUpperCase(Locale.ROOT),
                place.place().region(), blankToNull(input.postalCode()), place.place().district(),
                Boolean.TRUE.equals(input.consentToUpdates()));
        return batcher.submit(request).thenApply(written -> new SigningResult.Accepted());
    }

    /** What a confirmation link leads to, without changing anything (a GET, a HEAD, a mail scanner). */
    @Transactional
    public TokenLookup look(String token) {
        Optional<SignatureRepository.TokenHolder> holder = holder(token);
        if (holder.isEmpty()) {
            return new TokenLookup.Unknown();
        }
        Signature signature = holder.get().signature();
        CampaignSnapshot campaign = campaign(signature);
        if (signature.status == SignatureStatus.CONFIRMED) {
            return new TokenLookup.Confirmed(new Confirmation(signature, campaign, stepRenderer.render(campaign.steps(), signature.supporter())));
        }
        if (signature.status != SignatureStatus.PENDING) {
            return new TokenLookup.Unknown();
        }
        return holder.get().expired() ? new TokenLookup.Expired(campaign) : new TokenLookup.Unconfirmed(signature, campaign);
    }

    /**
     * Confirms the signature a link belongs to, once; later calls (a second click) find it confirmed and answer
     * the same. A link past its lifetime confirms nothing.
     */
    @Transactional
    public TokenLookup confirmByLink(String token) {
        TokenLookup found = look(token);
        if (!(found instanceof TokenLookup.Unconfirmed unconfirmed)) {
            return found;
        }
        Signature signature = unconfirmed.signature();
        CampaignSnapshot campaign = unconfirmed.campaign();
        if (signatures.confirm(signature.id, clock.instant())) {
            signatures.getEntityManager().refresh(signature);
            List<RenderedStep> steps = stepRenderer.render(campaign.steps(), signature.supporter());
            tally.record(signature, 1);
            if (!signatures.isSuppressed(signature.mailboxHash)) {
                outbox.enqueue(mails.steps(signature, campaign, steps), campaign.id());
            }
            confirmed.increment();
            return new TokenLookup.Confirmed(new Confirmation(signature, campaign, steps));
        }
        // Confirmed (or removed) meanwhile by a concurrent request: read it again as it is now.
        signatures.getEntityManager().detach(signature);
        return look(token);
    }

    /** For API clients: the confirmation, or a 404 or 410 problem. */
    @Transactional
    public Confirmation confirm(String token) {
        return confirmation(confirmByLink(token));
    }

    /** The steps of a confirmed signature, for a page or client that holds the confirmation token. */
    @Transactional
    public Confirmation steps(String token) {
        TokenLookup found = look(token);
        if (found instanceof TokenLookup.Unconfirmed) {
            throw new ConflictException("This signature is not confirmed yet: open the link in the confirmation mail first.");
        }
        return confirmation(found);
    }

    private static Confirmation confirmation(TokenLookup found) {
        if (found instanceof TokenLookup.Confirmed confirmed) {
            return confirmed.confirmation();
        }
        if (found instanceof TokenLookup.Expired) {
            throw new ExpiredException("This confirmation link has expired. Sign the campaign again to get a new one.");
        }
        throw new UnknownResourceException("This confirmation link is not valid.");
    }

    /** The confirmed signatures: supporters, not attempts. */
    @Transactional
    public ResultPage<Signature> supporters(CampaignSnapshot campaign, int page, int size) {
        return signatures.listByCampaign(campaign.id(), SignatureStatus.CONFIRMED, page, size);
    }

    /** How many signatures wait: for their supporter to confirm, or for review (held). Numbers only. */
    public record Waiting(long pending, long held) {
    }

    @Transactional
    public Waiting waiting(CampaignSnapshot campaign) {
        return new Waiting(signatures.countByStatus(campaign.id(), SignatureStatus.PENDING),
                signatures.countByStatus(campaign.id(), SignatureStatus.HELD));
    }

    private CampaignSnapshot campaign(Signature signature) {
        return campaigns.byId(signature.campaignId).orElseThrow(() -> new IllegalStateException("signature without campaign"));
    }

    private Optional<SignatureRepository.TokenHolder> holder(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return signatures.findByTokenHash(Tokens.hash(token.strip()), linkLifetime);
    }

    private static CompletionStage<SigningResult> done(SigningResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public record Confirmation(Signature signature, CampaignSnapshot campaign, List<RenderedStep> steps) {
    }
}

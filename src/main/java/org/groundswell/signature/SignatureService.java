package org.groundswell.signature;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.Campaign;
import org.groundswell.campaign.CampaignRepository;
import org.groundswell.common.ConflictException;
import org.groundswell.common.EmailAddresses;
import org.groundswell.common.FieldError;
import org.groundswell.common.ResultPage;
import org.groundswell.common.Tokens;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.congress.UsPlaces;
import org.groundswell.steps.RenderedStep;
import org.groundswell.steps.StepRenderer;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The rules of signing and confirming. */
@ApplicationScoped
public class SignatureService {

    private final SignatureRepository signatures;
    private final CampaignRepository campaigns;
    private final SignatureMails mails;
    private final SignatureTally tally;
    private final StepRenderer stepRenderer;
    private final GroundswellConfig config;
    private final UsPlaces places;
    private final Clock clock;
    private final Counter received;
    private final Counter confirmed;

    public SignatureService(SignatureRepository signatures, CampaignRepository campaigns, SignatureMails mails,
                            SignatureTally tally, StepRenderer stepRenderer, GroundswellConfig config, UsPlaces places,
                            Clock clock, MeterRegistry registry) {
        this.signatures = signatures;
        this.campaigns = campaigns;
        this.mails = mails;
        this.tally = tally;
        this.stepRenderer = stepRenderer;
        this.config = config;
        this.places = places;
        this.clock = clock;
        this.received = Counter.builder("groundswell.signatures.received").description("New signatures").register(registry);
        this.confirmed = Counter.builder("groundswell.signatures.confirmed").description("Signatures confirmed").register(registry);
    }

    /**
     * Records a pending signature and queues its confirmation mail. Signing again with the same address
     * changes nothing and answers the same, re-sending the confirmation at most once per resend interval.
     * The API and the web form both sign here; input that bean validation accepted can still be invalid here
     * (an address we cannot normalise, a district the state does not have).
     */
    @Transactional
    public SigningResult sign(Campaign campaign, SignatureInput input) {
        if (!campaign.isOpenForSigning()) {
            return new SigningResult.Closed("The campaign '" + campaign.slug + "' is closed and takes no more signatures.");
        }
        Optional<String> email = EmailAddresses.normalise(input.email());
        if (email.isEmpty()) {
            return new SigningResult.Invalid(List.of(new FieldError("email", "must be a valid e-mail address")));
        }
        UsPlaces.Checked place = places.forSupporter(input.country(), input.region(), input.district());
        if (!place.isValid()) {
            return new SigningResult.Invalid(place.errors());
        }
        NewSignature signature = new NewSignature(campaign.id, input.name().strip(), email.get(),
                input.country().toUpperCase(Locale.ROOT), place.place().region(), blankToNull(input.postalCode()),
                place.place().district(), Boolean.TRUE.equals(input.consentToUpdates()));
        Optional<Long> inserted = signatures.insertIfAbsent(signature);
        if (inserted.isPresent()) {
            received.increment();
            sendConfirmation(inserted.get(), signature.email(), signature.name(), campaign);
        } else {
            signatures.markResendDue(campaign.id, signature.email(), config.signing().confirmationResendInterval())
                    .map(signatures::findById)
                    .ifPresent(stored -> sendConfirmation(stored.id, stored.email, stored.name, campaign));
        }
        return new SigningResult.Accepted();
    }

    /**
     * Confirms the signature a token belongs to, once; later calls (a second click, a mail scanner that
     * opened the link first) find it confirmed and answer the same.
     */
    @Transactional
    public Confirmation confirm(String token) {
        Signature signature = findByToken(token);
        Campaign campaign = campaigns.findById(signature.campaignId);
        boolean changed = signatures.confirm(signature.id, clock.instant());
        signatures.getEntityManager().refresh(signature);
        List<RenderedStep> steps = stepRenderer.render(campaign.steps, signature.supporter());
        if (changed) {
            tally.record(campaign.id, 1);
            mails.steps(signature, campaign, steps);
            confirmed.increment();
        }
        return new Confirmation(signature, campaign, steps);
    }

    /** The steps of a confirmed signature, for a page or client that holds the confirmation token. */
    @Transactional
    public Confirmation steps(String token) {
        Signature signature = findByToken(token);
        if (signature.status != SignatureStatus.CONFIRMED) {
            throw new ConflictException("This signature is not confirmed yet: open the link in the confirmation mail first.");
        }
        Campaign campaign = campaigns.findById(signature.campaignId);
        return new Confirmation(signature, campaign, stepRenderer.render(campaign.steps, signature.supporter()));
    }

    public ResultPage<Signature> list(Campaign campaign, int page, int size) {
        return signatures.listByCampaign(campaign.id, page, size);
    }

    /** Every confirmation mail carries a token of its own; only its hash is stored. */
    private void sendConfirmation(long signatureId, String email, String name, Campaign campaign) {
        String token = Tokens.newToken();
        signatures.insertToken(Tokens.hash(token), signatureId);
        mails.confirmation(email, name, campaign, token);
    }

    private Signature findByToken(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw new UnknownResourceException("This confirmation link is not valid.");
        }
        return signatures.findByTokenHash(Tokens.hash(token.strip()))
                .orElseThrow(() -> new UnknownResourceException("This confirmation link is not valid."));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public record Confirmation(Signature signature, Campaign campaign, List<RenderedStep> steps) {
    }
}

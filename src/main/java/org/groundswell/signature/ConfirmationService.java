package org.groundswell.signature;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignCatalog;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.ConflictException;
import org.groundswell.common.ExpiredException;
import org.groundswell.common.Tokens;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;
import org.groundswell.steps.RenderedStep;
import org.groundswell.steps.StepRenderer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The rules of confirming: what a confirmation link leads to (without changing anything), confirming once, and the
 * steps of a confirmed signature.
 */
@ApplicationScoped
public class ConfirmationService {

    private final SignatureRepository signatures;
    private final CampaignCatalog campaigns;
    private final SupporterMails mails;
    private final Outbox outbox;
    private final SignatureTally tally;
    private final StepRenderer stepRenderer;
    private final Clock clock;
    private final Duration linkLifetime;
    private final Counter confirmed;
    private final Event<SignatureConfirmed> confirmations;

    public ConfirmationService(SignatureRepository signatures, CampaignCatalog campaigns, SupporterMails mails, Outbox outbox,
                               SignatureTally tally, StepRenderer stepRenderer, Clock clock, GroundswellConfig config,
                               MeterRegistry registry, Event<SignatureConfirmed> confirmations) {
        this.confirmations = confirmations;
        this.signatures = signatures;
        this.campaigns = campaigns;
        this.mails = mails;
        this.outbox = outbox;
        this.tally = tally;
        this.stepRenderer = stepRenderer;
        this.clock = clock;
        this.linkLifetime = config.signing().confirmationLinkLifetime();
        this.confirmed = Counter.builder("groundswell.signatures.confirmed").description("Signatures confirmed").register(registry);
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
            confirmations.fire(new SignatureConfirmed(signature, campaign)); // observers write in this transaction
            return new TokenLookup.Confirmed(new Confirmation(signature, campaign, steps));
        }
        // Confirmed (or removed) meanwhile by a concurrent request: read it again as it is now.
        signatures.getEntityManager().detach(signature);
        return look(token);
    }

    /**
     * What a supporter at that place, with that name, would get on confirming: the confirmed page's content (as a
     * {@link Confirmation}) and the steps mail, rendered by the same code as the real ones ({@link StepRenderer},
     * {@link SupporterMails#steps}). Nothing is stored or sent: the signature is never persisted, the mail never
     * enqueued; its unsubscribe and removal links are placeholders, since there is no signature to point them at.
     */
    public Preview preview(CampaignSnapshot campaign, org.groundswell.steps.Supporter supporter) {
        Signature signature = new Signature();
        signature.campaignId = campaign.id();
        signature.name = supporter.name();
        signature.country = supporter.country();
        signature.region = supporter.region();
        signature.postalCode = supporter.postalCode();
        signature.district = supporter.district();
        signature.status = SignatureStatus.CONFIRMED;
        List<RenderedStep> steps = stepRenderer.render(campaign.steps(), supporter);
        return new Preview(new Confirmation(signature, campaign, steps), mails.stepsPreview(signature, campaign, steps),
                mails.previewLink("remove"));
    }

    /** A preview: the confirmation as the page shows it, the steps mail as it would be sent, the page's removal link. */
    public record Preview(Confirmation confirmation, org.groundswell.mail.OutgoingMail stepsMail, String removeUrl) {
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

    private CampaignSnapshot campaign(Signature signature) {
        return campaigns.byId(signature.campaignId).orElseThrow(() -> new IllegalStateException("signature without campaign"));
    }

    private Optional<SignatureRepository.TokenHolder> holder(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return signatures.findByTokenHash(Tokens.hash(token.strip()), linkLifetime);
    }
}

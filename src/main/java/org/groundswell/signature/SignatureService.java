package org.groundswell.signature;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.Campaign;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignStatus;
import org.groundswell.campaign.RenderedStep;
import org.groundswell.campaign.StepRenderer;
import org.groundswell.common.EmailAddresses;
import org.groundswell.common.Page;
import org.groundswell.common.Tokens;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.organiser.Organiser;
import org.groundswell.problem.ProblemException;
import org.groundswell.target.UsPlaces;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

@ApplicationScoped
public class SignatureService implements PanacheRepository<Signature> {

    private final CampaignService campaigns;
    private final SignatureMails mails;
    private final SignatureTally tally;
    private final StepRenderer stepRenderer;
    private final GroundswellConfig config;
    private final UsPlaces places;
    private final Counter received;
    private final Counter confirmed;

    public SignatureService(CampaignService campaigns, SignatureMails mails, SignatureTally tally, StepRenderer stepRenderer,
                            GroundswellConfig config, UsPlaces places, MeterRegistry registry) {
        this.campaigns = campaigns;
        this.mails = mails;
        this.tally = tally;
        this.stepRenderer = stepRenderer;
        this.config = config;
        this.places = places;
        this.received = Counter.builder("groundswell.signatures.received").description("New signatures").register(registry);
        this.confirmed = Counter.builder("groundswell.signatures.confirmed").description("Signatures confirmed").register(registry);
    }

    /**
     * Records a pending signature and queues its confirmation mail. Signing again with the same address
     * changes nothing and answers the same, re-sending the confirmation at most once per resend interval.
     */
    @Transactional
    public void sign(String slug, SignatureInput input) {
        Campaign campaign = campaigns.findBySlug(slug)
                .filter(c -> c.status != CampaignStatus.DRAFT)
                .orElseThrow(() -> ProblemException.notFound("There is no campaign '" + slug + "'."));
        if (campaign.status != CampaignStatus.OPEN) {
            throw ProblemException.conflict("The campaign '" + slug + "' is closed and takes no more signatures.");
        }
        String email = EmailAddresses.normalise(input.email())
                .orElseThrow(() -> ProblemException.invalidField("email", "must be a valid e-mail address"));
        UsPlaces.Place place = places.forSupporter(input.country(), input.region(), input.district());

        List<?> inserted = getEntityManager().createNativeQuery("""
                        INSERT INTO signature (campaign_id, name, email, country, region, postal_code, district,
                                               consent_to_updates, status)
                        VALUES (:campaign, :name, :email, :country, :region, :postalCode, :district, :consent, 'PENDING')
                        ON CONFLICT (campaign_id, email) DO NOTHING
                        RETURNING id""")
                .setParameter("campaign", campaign.id)
                .setParameter("name", input.name().strip())
                .setParameter("email", email)
                .setParameter("country", input.country().toUpperCase(Locale.ROOT))
                .setParameter("region", place.region())
                .setParameter("postalCode", blankToNull(input.postalCode()))
                .setParameter("district", place.district())
                .setParameter("consent", Boolean.TRUE.equals(input.consentToUpdates()))
                .getResultList();
        if (!inserted.isEmpty()) {
            received.increment();
            sendConfirmation(findById(((Number) inserted.get(0)).longValue()), campaign);
            return;
        }
        List<?> due = getEntityManager().createNativeQuery("""
                        UPDATE signature SET confirmation_sent_at = now()
                        WHERE campaign_id = :campaign AND email = :email AND status = 'PENDING'
                          AND confirmation_sent_at <= now() - make_interval(secs => :seconds)
                        RETURNING id""")
                .setParameter("campaign", campaign.id)
                .setParameter("email", email)
                .setParameter("seconds", (double) config.signing().confirmationResendInterval().toSeconds())
                .getResultList();
        if (!due.isEmpty()) {
            sendConfirmation(findById(((Number) due.get(0)).longValue()), campaign);
        }
    }

    /**
     * Confirms the signature a token belongs to, once; later calls (a second click, a mail scanner that
     * opened the link first) find it confirmed and answer the same.
     */
    @Transactional
    public Confirmation confirm(String token) {
        Signature signature = findByToken(token);
        Campaign campaign = campaigns.findById(signature.campaignId);
        int changed = update("status = ?1, confirmedAt = ?2 where id = ?3 and status = ?4",
                SignatureStatus.CONFIRMED, Instant.now(), signature.id, SignatureStatus.PENDING);
        getEntityManager().refresh(signature);
        List<RenderedStep> steps = stepRenderer.render(campaign.steps, signature.supporter());
        if (changed == 1) {
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
            throw ProblemException.conflict("This signature is not confirmed yet: open the link in the confirmation mail first.");
        }
        Campaign campaign = campaigns.findById(signature.campaignId);
        return new Confirmation(signature, campaign, stepRenderer.render(campaign.steps, signature.supporter()));
    }

    public Page<Signature> listForOwner(String slug, Organiser owner, int page, int size) {
        Campaign campaign = campaigns.findOwned(slug, owner);
        PanacheQuery<Signature> query = find("campaignId", Sort.ascending("id"), campaign.id);
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }

    private void sendConfirmation(Signature signature, Campaign campaign) {
        String token = Tokens.newToken();
        getEntityManager().createNativeQuery("INSERT INTO confirmation_token (token_hash, signature_id) VALUES (:hash, :signature)")
                .setParameter("hash", Tokens.hash(token))
                .setParameter("signature", signature.id)
                .executeUpdate();
        mails.confirmation(signature, campaign, token);
    }

    private Signature findByToken(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw ProblemException.notFound("This confirmation link is not valid.");
        }
        return find("id = (select t.signatureId from ConfirmationToken t where t.tokenHash = ?1)", Tokens.hash(token.strip()))
                .firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("This confirmation link is not valid."));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public record Confirmation(Signature signature, Campaign campaign, List<RenderedStep> steps) {
    }
}

package org.groundswell.campaign;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.groundswell.common.ConflictException;
import org.groundswell.common.FieldError;
import org.groundswell.common.ForbiddenActionException;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.ResultPage;
import org.groundswell.common.UnknownResourceException;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The rules of campaigns: who sees and manages them, and how they are created and changed. */
@ApplicationScoped
public class CampaignService {

    private final CampaignRepository campaigns;
    private final CampaignCatalog catalog;
    private final Memberships memberships;
    private final Clock clock;
    private final StepTemplates templates;
    private final Event<CampaignClosed> closings;

    public CampaignService(CampaignRepository campaigns, CampaignCatalog catalog, Memberships memberships, Clock clock,
                           StepTemplates templates, Event<CampaignClosed> closings) {
        this.closings = closings;
        this.campaigns = campaigns;
        this.catalog = catalog;
        this.memberships = memberships;
        this.clock = clock;
        this.templates = templates;
    }

    /**
     * The campaign, if the requester may do that with it ({@link CampaignAccess}): unknown to a requester with no
     * relation to it (404), forbidden to one whose relation lacks the right (403).
     */
    public CampaignSnapshot authorise(String slug, CampaignAccess.Requester requester, CampaignAccess.Action action) {
        CampaignSnapshot campaign = catalog.bySlug(slug).orElseThrow(() -> unknown(slug));
        CampaignAccess.Relation relation = relationOf(campaign, requester);
        return switch (CampaignAccess.decide(relation, action)) {
            case ALLOW -> campaign;
            case NOT_FOUND -> throw unknown(slug);
            case FORBIDDEN -> throw new ForbiddenActionException("As " + relation.name().toLowerCase(Locale.ROOT)
                    + " of this campaign you may not " + action.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ".");
        };
    }

    /** How the requester stands to the campaign. */
    public CampaignAccess.Relation relationOf(CampaignSnapshot campaign, CampaignAccess.Requester requester) {
        CampaignAccess.Relation teamRole = requester.email() == null || requester.admin() || requester.partner() != null ? null
                : memberships.roleOf(campaign.id(), requester.email()).orElse(null);
        return requester.relationTo(campaign.id(), campaign.organiserId(), teamRole);
    }

    /**
     * The campaigns a person owns or is in the team of, newest first, each with the person's relation to it; for an
     * API key, the campaigns of its organiser it covers.
     */
    @Transactional
    public List<Related> listFor(CampaignAccess.Requester requester) {
        java.util.Map<Long, CampaignAccess.Relation> teams = requester.email() == null || requester.partner() != null
                ? java.util.Map.of() : memberships.campaignsOf(requester.email());
        Long owner = requester.partner() != null ? Long.valueOf(requester.partner().organiserId()) : requester.organiserId();
        return campaigns.ownedOrIn(owner, teams.keySet()).stream()
                .map(c -> CampaignSnapshot.of(c, campaigns.milestones(c.id)))
                .map(c -> new Related(c, requester.relationTo(c.id(), c.organiserId(), teams.get(c.id()))))
                .filter(r -> r.relation() != CampaignAccess.Relation.NONE)
                .toList();
    }

    /** The slugs and ids of the organiser's own campaigns (not of teams they are in), newest first. */
    @Transactional
    public java.util.Map<String, Long> slugsOwnedBy(long organiserId) {
        return campaigns.slugsOwnedBy(organiserId);
    }

    /** A campaign and how the person stands to it. */
    public record Related(CampaignSnapshot campaign, CampaignAccess.Relation relation) {
    }

    /** An OPEN or CLOSED campaign, as anyone may see it (cached for up to a second). */
    public Optional<CampaignSnapshot> findPublic(String slug) {
        return catalog.bySlug(slug).filter(CampaignSnapshot::isPublic);
    }

    /** An OPEN or CLOSED campaign as the database holds it now (for pages rebuilt at most every half second). */
    public Optional<CampaignSnapshot> findFresh(String slug) {
        return catalog.fresh(slug).filter(CampaignSnapshot::isPublic);
    }

    /** A campaign as the public, or for a draft its owner and team, may see it; anything else is unknown. */
    public CampaignSnapshot findVisible(String slug, CampaignAccess.Requester requester) {
        return catalog.bySlug(slug)
                .filter(c -> c.isPublic() || relationOf(c, requester) != CampaignAccess.Relation.NONE)
                .orElseThrow(() -> unknown(slug));
    }

    /** Confirmed signatures by country, U.S. state and district, as fresh as the total. */
    @Transactional
    public PlaceCounts counts(CampaignSnapshot campaign) {
        return new PlaceCounts(campaign.signatureCount(), campaigns.placeCounts(campaign.id(), "country"),
                campaigns.placeCounts(campaign.id(), "state"), campaigns.placeCounts(campaign.id(), "district"));
    }

    @Transactional
    public ResultPage<CampaignSnapshot> listPublic(String topic, CampaignStatus status, int page, int size) {
        if (status == CampaignStatus.DRAFT) {
            throw InvalidInputException.field("status", "must be OPEN or CLOSED");
        }
        List<CampaignStatus> statuses = status == null ? List.of(CampaignStatus.OPEN, CampaignStatus.CLOSED) : List.of(status);
        return campaigns.list(statuses, topic, page, size).map(CampaignSnapshot::of);
    }

    @Transactional
    public CampaignSnapshot create(long ownerId, CampaignInput input) {
        CampaignStatus status = input.status() == null ? CampaignStatus.DRAFT : input.status();
        if (status == CampaignStatus.CLOSED) {
            throw InvalidInputException.field("status", "a new campaign is DRAFT or OPEN");
        }
        Campaign campaign = new Campaign();
        campaign.organiserId = ownerId;
        campaign.slug = input.slug() != null ? input.slug() : uniqueSlugFor(input.title());
        if (campaigns.slugExists(campaign.slug)) {
            throw new ConflictException("The slug '" + campaign.slug + "' is already taken.");
        }
        campaign.title = input.title().strip();
        campaign.summary = input.summary().strip();
        campaign.body = input.body().strip();
        campaign.topic = input.topic();
        campaign.goal = input.goal();
        campaign.status = status;
        campaign.createdAt = clock.instant();
        campaign.updatedAt = campaign.createdAt;
        campaign.replaceSteps(toSteps(input.steps() == null ? List.of() : input.steps()));
        campaign.embedOrigins = EmbedOrigins.join(EmbedOrigins.normalise(input.embedOrigins() == null ? List.of() : input.embedOrigins()));
        campaigns.persistAndFlush(campaign);
        CampaignSnapshot created = CampaignSnapshot.of(campaign);
        catalog.forget(created); // "no such slug" may be cached
        return created;
    }

    /** Changes a campaign the caller may edit ({@link #authorise} with {@link CampaignAccess.Action#EDIT}). */
    @Transactional
    public CampaignSnapshot update(CampaignSnapshot authorised, CampaignPatch patch) {
        Campaign campaign = campaigns.findByIdOptional(authorised.id()).orElseThrow(() -> unknown(authorised.slug()));
        if (patch.status() != null && !campaign.status.canMoveTo(patch.status())) {
            throw new ConflictException("A campaign moves DRAFT → OPEN → CLOSED; it cannot go from "
                    + campaign.status + " to " + patch.status() + ".");
        }
        if (patch.embedOrigins() != null) {
            campaign.embedOrigins = EmbedOrigins.join(EmbedOrigins.normalise(patch.embedOrigins()));
        }
        if (patch.title() != null) {
            campaign.title = patch.title().strip();
        }
        if (patch.summary() != null) {
            campaign.summary = patch.summary().strip();
        }
        if (patch.body() != null) {
            campaign.body = patch.body().strip();
        }
        if (patch.topic() != null) {
            campaign.topic = patch.topic();
        }
        if (patch.goal() != null) {
            campaign.goal = patch.goal();
        }
        if (patch.status() != null && patch.status() != campaign.status) {
            campaign.status = patch.status();
            if (campaign.status == CampaignStatus.CLOSED) {
                campaign.closedAt = clock.instant();
                closings.fire(new CampaignClosed(campaign.id, campaign.slug, campaign.title, campaign.signatureCount, campaign.closedAt));
            }
        }
        if (patch.steps() != null) {
            List<ActionStep> steps = toSteps(patch.steps());
            campaign.steps.clear();
            campaigns.flush(); // positions are unique per campaign: delete the old steps before inserting the new ones
            campaign.replaceSteps(steps);
        }
        campaign.updatedAt = clock.instant();
        campaigns.flush();
        CampaignSnapshot updated = CampaignSnapshot.of(campaign, campaigns.milestones(campaign.id));
        catalog.forget(updated);
        return updated;
    }

    /**
     * The steps, or every rule they break at once, each error named by its step as Bean Validation names it
     * ({@code steps[0].target.email}), so that a form can show it beside the field.
     */
    private List<ActionStep> toSteps(List<StepInput> inputs) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            errors.addAll(problemsOf(inputs.get(i), "steps[" + i + "]."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return inputs.stream().map(CampaignService::toStep).toList();
    }

    private List<FieldError> problemsOf(StepInput input, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        TargetInput target = input.target();
        TargetType type = target.typeOrDefault();
        if (type == TargetType.FIXED && isBlank(target.name())) {
            errors.add(new FieldError(prefix + "target.name", "a FIXED target needs a name"));
        }
        if (type == TargetType.FIXED) {
            switch (input.kind()) {
                case EMAIL -> require(errors, target.email(), prefix + "target.email", "an EMAIL step needs the target's e-mail");
                case CALL -> require(errors, target.phone(), prefix + "target.phone", "a CALL step needs the target's phone");
                case LETTER -> require(errors, target.postalAddress(), prefix + "target.postalAddress", "a LETTER step needs the target's postal address");
                case LINK -> require(errors, target.url(), prefix + "target.url", "a LINK step needs a URL");
            }
        }
        for (String field : List.of("subjectTemplate", "messageTemplate")) {
            try {
                templates.validate(prefix + field, field.equals("subjectTemplate") ? input.subjectTemplate() : input.messageTemplate());
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        return errors;
    }

    private static ActionStep toStep(StepInput input) {
        TargetInput target = input.target();
        TargetType type = target.typeOrDefault();
        ActionStep step = new ActionStep();
        step.kind = input.kind();
        step.title = input.title().strip();
        step.instructions = input.instructions().strip();
        step.targetType = type;
        step.targetName = blankToNull(target.name());
        step.targetEmail = blankToNull(target.email());
        step.targetPhone = blankToNull(target.phone());
        step.targetPostalAddress = blankToNull(target.postalAddress());
        step.targetUrl = blankToNull(target.url());
        step.subjectTemplate = blankToNull(input.subjectTemplate());
        step.messageTemplate = blankToNull(input.messageTemplate());
        return step;
    }

    private String uniqueSlugFor(String title) {
        String base = Normalizer.normalize(title, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        if (base.length() > 60) {
            base = base.substring(0, 60).replaceAll("-+$", "");
        }
        if (base.length() < 3) {
            base = "campaign" + (base.isEmpty() ? "" : "-" + base);
        }
        String slug = base;
        for (int n = 2; campaigns.slugExists(slug); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }

    private static void require(List<FieldError> errors, String value, String field, String message) {
        if (isBlank(value)) {
            errors.add(new FieldError(field, message));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value.strip();
    }

    private static UnknownResourceException unknown(String slug) {
        return new UnknownResourceException("There is no campaign '" + slug + "'.");
    }
}

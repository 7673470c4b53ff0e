package org.groundswell.campaign;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.common.Page;
import org.groundswell.organiser.Organiser;
import org.groundswell.problem.ProblemException;
import org.groundswell.target.TargetType;

import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
public class CampaignService implements PanacheRepository<Campaign> {

    public Optional<Campaign> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    /** A campaign as the public (or, for drafts, its owner) may see it; unknown and foreign drafts are 404. */
    public Campaign findVisible(String slug, Organiser viewer) {
        Campaign campaign = findBySlug(slug).orElseThrow(() -> unknown(slug));
        if (campaign.status == CampaignStatus.DRAFT && (viewer == null || !viewer.id.equals(campaign.organiserId))) {
            throw unknown(slug);
        }
        return campaign;
    }

    /** A campaign its owner manages; another organiser gets a 403. */
    public Campaign findOwned(String slug, Organiser owner) {
        Campaign campaign = findBySlug(slug).orElseThrow(() -> unknown(slug));
        if (!owner.id.equals(campaign.organiserId)) {
            throw ProblemException.forbidden("Campaign '" + slug + "' belongs to another organiser.");
        }
        return campaign;
    }

    public Page<Campaign> listPublic(String topic, CampaignStatus status, int page, int size) {
        if (status == CampaignStatus.DRAFT) {
            throw ProblemException.invalidField("status", "must be OPEN or CLOSED");
        }
        String query = "status in :statuses" + (topic == null ? "" : " and topic = :topic");
        Parameters parameters = Parameters.with("statuses",
                status == null ? List.of(CampaignStatus.OPEN, CampaignStatus.CLOSED) : List.of(status));
        if (topic != null) {
            parameters.and("topic", topic);
        }
        PanacheQuery<Campaign> found = find(query, Sort.descending("createdAt").and("id", Sort.Direction.Descending), parameters);
        List<Campaign> items = found.page(io.quarkus.panache.common.Page.of(page, size)).list();
        return new Page<>(items, page, size, found.count());
    }

    @Transactional
    public Campaign create(Organiser owner, CampaignInput input) {
        CampaignStatus status = input.status() == null ? CampaignStatus.DRAFT : input.status();
        if (status == CampaignStatus.CLOSED) {
            throw ProblemException.invalidField("status", "a new campaign is DRAFT or OPEN");
        }
        Campaign campaign = new Campaign();
        campaign.organiserId = owner.id;
        campaign.slug = input.slug() != null ? input.slug() : uniqueSlugFor(input.title());
        if (findBySlug(campaign.slug).isPresent()) {
            throw ProblemException.conflict("The slug '" + campaign.slug + "' is already taken.");
        }
        campaign.title = input.title().strip();
        campaign.summary = input.summary().strip();
        campaign.body = input.body().strip();
        campaign.topic = input.topic();
        campaign.goal = input.goal();
        campaign.status = status;
        campaign.createdAt = Instant.now();
        campaign.updatedAt = campaign.createdAt;
        campaign.replaceSteps(toSteps(input.steps() == null ? List.of() : input.steps()));
        persist(campaign);
        flush();
        return campaign;
    }

    @Transactional
    public Campaign update(Organiser owner, String slug, CampaignPatch patch) {
        Campaign campaign = findOwned(slug, owner);
        if (patch.status() != null && !campaign.status.canMoveTo(patch.status())) {
            throw ProblemException.conflict("A campaign moves DRAFT → OPEN → CLOSED; it cannot go from "
                    + campaign.status + " to " + patch.status() + ".");
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
        if (patch.status() != null) {
            campaign.status = patch.status();
        }
        if (patch.steps() != null) {
            List<ActionStep> steps = toSteps(patch.steps());
            campaign.steps.clear();
            flush(); // positions are unique per campaign: delete the old steps before inserting the new ones
            campaign.replaceSteps(steps);
        }
        campaign.updatedAt = Instant.now();
        campaign.steps.size(); // load the steps while the session is open: the caller renders them
        return campaign;
    }

    private static List<ActionStep> toSteps(List<StepInput> inputs) {
        return inputs.stream().map(CampaignService::toStep).toList();
    }

    private static ActionStep toStep(StepInput input) {
        TargetInput target = input.target();
        TargetType type = target.typeOrDefault();
        if (type == TargetType.FIXED && isBlank(target.name())) {
            throw ProblemException.invalidField("steps.target.name", "a FIXED target needs a name");
        }
        if (type == TargetType.FIXED) {
            switch (input.kind()) {
                case EMAIL -> require(target.email(), "steps.target.email", "an EMAIL step needs the target's e-mail");
                case CALL -> require(target.phone(), "steps.target.phone", "a CALL step needs the target's phone");
                case LETTER -> require(target.postalAddress(), "steps.target.postalAddress", "a LETTER step needs the target's postal address");
                case LINK -> require(target.url(), "steps.target.url", "a LINK step needs a URL");
            }
        }
        MessageTemplates.validate("steps.subjectTemplate", input.subjectTemplate());
        MessageTemplates.validate("steps.messageTemplate", input.messageTemplate());
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
        for (int n = 2; findBySlug(slug).isPresent(); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }

    private static void require(String value, String field, String message) {
        if (isBlank(value)) {
            throw ProblemException.invalidField(field, message);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value.strip();
    }

    private static ProblemException unknown(String slug) {
        return ProblemException.notFound("There is no campaign '" + slug + "'.");
    }
}

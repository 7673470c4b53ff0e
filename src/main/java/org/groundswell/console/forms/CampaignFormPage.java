package org.groundswell.console.forms;

import org.groundswell.campaign.CampaignStatus;
import org.groundswell.campaign.StepKind;
import org.groundswell.common.FieldError;
import org.groundswell.steps.MessageTemplates;
import org.groundswell.campaign.TargetType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the new and edit pages show: the form as typed, the errors by field (as the API names them) and the choices.
 * {@code stored} is the campaign's status as stored (null for a new campaign): the status choices are the moves
 * {@link CampaignStatus#canMoveTo} allows from it.
 */
public final class CampaignFormPage {

    public record Choice(String value, String label) {
    }

    /** A line of the error summary: the field's id, its label and what is wrong. */
    public record ErrorLink(String id, String label, String message) {
    }

    private static final Pattern STEP_FIELD = Pattern.compile("steps\\[(\\d+)]\\.(.+)");
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("slug", "Address (slug)"), Map.entry("title", "Title"), Map.entry("summary", "Summary"),
            Map.entry("body", "Text"), Map.entry("topic", "Topic"), Map.entry("goal", "Goal"), Map.entry("status", "Status"),
            Map.entry("embedOrigins", "Sites that may embed the form"),
            Map.entry("steps", "Steps"), Map.entry("form", "The campaign"), Map.entry("kind", "Kind"), Map.entry("target.type", "Who is addressed"),
            Map.entry("target.name", "Target's name"), Map.entry("target.email", "Target's e-mail"),
            Map.entry("target.phone", "Target's phone"), Map.entry("target.postalAddress", "Target's postal address"),
            Map.entry("target.url", "Target's web address"), Map.entry("instructions", "Instructions"),
            Map.entry("subjectTemplate", "Subject"), Map.entry("messageTemplate", "Message"));

    public final CampaignForm form;
    public final String slug;
    public final CampaignStatus stored;
    public final String notice;
    /** The step to bring into view after a step command, or -1. */
    public final int focusStep;
    private final Map<String, String> errors = new LinkedHashMap<>();

    public CampaignFormPage(CampaignForm form, String slug, CampaignStatus stored, List<FieldError> errors, String notice,
                            int focusStep) {
        this.form = form;
        this.slug = slug;
        this.stored = stored;
        this.notice = notice;
        this.focusStep = focusStep;
        for (FieldError error : errors) {
            String field = known(error.field());
            this.errors.merge(field, error.message(), (a, b) -> a.equals(b) ? a : a + "; " + b);
        }
        List<Map.Entry<String, String>> ordered = new ArrayList<>(this.errors.entrySet());
        ordered.sort(java.util.Comparator.comparingInt(e -> rank(e.getKey())));
        this.errors.clear();
        ordered.forEach(e -> this.errors.put(e.getKey(), e.getValue()));
    }

    public boolean isNew() {
        return slug == null;
    }

    public String action() {
        return isNew() ? "/organise/campaigns/new" : "/organise/campaigns/" + slug + "/edit";
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public String error(String field) {
        return errors.get(field);
    }

    /** The errors in the order of the form, each linking to its field. */
    public List<ErrorLink> errorSummary() {
        List<ErrorLink> links = new ArrayList<>();
        errors.forEach((field, message) -> links.add(new ErrorLink(
                field.equals("form") ? "campaign-form" : field.equals("steps") ? "steps-heading" : id(field), label(field), message)));
        return links;
    }

    public List<StepView> steps() {
        List<StepView> views = new ArrayList<>();
        for (int i = 0; i < form.steps.size(); i++) {
            views.add(new StepView(i, form.steps.size(), form.steps.get(i), this));
        }
        return views;
    }

    /** The ids a top-level field is described by: its hint (when it has one) and its error (when there is one). */
    public String describedBy(String field, boolean hint) {
        String ids = (hint ? id(field) + "-hint" : "") + (error(field) != null ? " " + id(field) + "-error" : "");
        return ids.strip();
    }

    public boolean canAddStep() {
        return form.steps.size() < CampaignForm.MAX_STEPS;
    }

    public List<Choice> statuses() {
        List<Choice> choices = new ArrayList<>();
        for (CampaignStatus status : CampaignStatus.values()) {
            boolean allowed = stored == null ? status != CampaignStatus.CLOSED : stored.canMoveTo(status);
            if (allowed) {
                choices.add(new Choice(status.name(), statusLabel(status)));
            }
        }
        return choices;
    }

    public List<Choice> kinds() {
        return List.of(new Choice(StepKind.EMAIL.name(), "E-mail"), new Choice(StepKind.CALL.name(), "Phone call"),
                new Choice(StepKind.LETTER.name(), "Letter"), new Choice(StepKind.LINK.name(), "Web link"));
    }

    public List<Choice> targetTypes() {
        return List.of(new Choice(TargetType.FIXED.name(), "Fixed target: the name and contact below"),
                new Choice(TargetType.SENATORS.name(), "Senators of the supporter's state (both)"),
                new Choice(TargetType.HOUSE_REPRESENTATIVE.name(), "House member of the supporter's district"));
    }

    /** An example of the one section a template may use. */
    public String ifExample() {
        return "{#if supporter.region}From {supporter.region}{/if}";
    }

    public List<String> placeholders() {
        return MessageTemplates.placeholders();
    }

    /** The id of a field's element, from its name: {@code steps[0].target.email} is {@code steps-0-target-email}. */
    public static String id(String field) {
        return field.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static String label(String field) {
        Matcher step = STEP_FIELD.matcher(field);
        if (step.matches()) {
            return "Step " + (Integer.parseInt(step.group(1)) + 1) + ": " + LABELS.getOrDefault(step.group(2), step.group(2));
        }
        return LABELS.getOrDefault(field, field);
    }

    private static final List<String> TOP_ORDER = List.of("form", "slug", "title", "summary", "body", "topic", "goal", "status", "embedOrigins", "steps");
    private static final List<String> STEP_ORDER = List.of("kind", "title", "target.type", "target.name", "target.email",
            "target.phone", "target.postalAddress", "target.url", "instructions", "subjectTemplate", "messageTemplate");

    /** Where a field is in the form, top to bottom. */
    private static int rank(String field) {
        Matcher step = STEP_FIELD.matcher(field);
        if (step.matches()) {
            return 100 + Integer.parseInt(step.group(1)) * 20 + STEP_ORDER.indexOf(step.group(2));
        }
        return TOP_ORDER.indexOf(field);
    }

    private String known(String field) {
        if (field.startsWith("embedOrigins")) {
            return "embedOrigins"; // one field for the whole list; each message names its origin
        }
        Matcher step = STEP_FIELD.matcher(field);
        if (step.matches() && LABELS.containsKey(step.group(2))) {
            return field;
        }
        if (step.matches() || field.startsWith("steps[")) {
            // an error of a whole step ("<list element>"): shown at the step's kind
            Matcher index = Pattern.compile("steps\\[(\\d+)]").matcher(field);
            return index.find() ? "steps[" + index.group(1) + "].kind" : "steps";
        }
        return LABELS.containsKey(field) ? field : "form";
    }

    private static String statusLabel(CampaignStatus status) {
        String name = status.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT) + switch (status) {
            case DRAFT -> " (only you and your team see it)";
            case OPEN -> " (public, takes signatures)";
            case CLOSED -> " (final count, no more signatures)";
        };
    }

    /** One step of the form, with its fields' names, ids and errors. */
    public static final class StepView {
        public final int index;
        public final int number;
        public final boolean first;
        public final boolean last;
        public final CampaignForm.Step step;
        private final CampaignFormPage page;

        StepView(int index, int count, CampaignForm.Step step, CampaignFormPage page) {
            this.index = index;
            this.number = index + 1;
            this.first = index == 0;
            this.last = index == count - 1;
            this.step = step;
            this.page = page;
        }

        public String name(String field) {
            return "steps[" + index + "]." + field;
        }

        public String id(String field) {
            return CampaignFormPage.id(name(field));
        }

        public String error(String field) {
            return page.error(name(field));
        }

        /** The ids a field is described by: its hint (when it has one) and its error (when there is one). */
        public String describedBy(String field, boolean hint) {
            String ids = (hint ? id(field) + "-hint" : "") + (error(field) != null ? " " + id(field) + "-error" : "");
            return ids.strip();
        }
    }
}

package org.groundswell.console.forms;

import jakarta.ws.rs.core.MultivaluedMap;
import org.groundswell.campaign.CampaignInput;
import org.groundswell.campaign.CampaignPatch;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.CampaignStatus;
import org.groundswell.campaign.StepInput;
import org.groundswell.campaign.StepKind;
import org.groundswell.campaign.TargetInput;
import org.groundswell.common.FieldError;
import org.groundswell.campaign.TargetType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The campaign form as typed: every value a string, so that a page can show back exactly what was entered. Its
 * fields are named as the JSON API names them ({@code title}, {@code steps[0].target.email}), so the API's field
 * errors land beside the right field. It turns into the API's own input records ({@link CampaignInput},
 * {@link CampaignPatch}); the rules are theirs and {@code CampaignService}'s, never this class's. The step
 * commands (add, remove, move) only rearrange what was typed.
 */
public final class CampaignForm {

    /** As many steps as the API takes ({@code CampaignInput.steps} is at most 20). */
    public static final int MAX_STEPS = 20;
    private static final Pattern COMMAND = Pattern.compile("(add-step)|(remove-step|move-up|move-down)-(\\d{1,2})");

    public String slug = "";
    public String title = "";
    public String summary = "";
    public String body = "";
    public String topic = "";
    public String goal = "";
    public String status = CampaignStatus.DRAFT.name();
    /** The origins that may frame the signing widget, one a line (or separated by spaces or commas). */
    public String embedOrigins = "";
    public final List<Step> steps = new ArrayList<>();

    /** One action step as typed. */
    public static final class Step {
        public String kind = StepKind.EMAIL.name();
        public String title = "";
        public String instructions = "";
        public String targetType = TargetType.FIXED.name();
        public String targetName = "";
        public String targetEmail = "";
        public String targetPhone = "";
        public String targetPostalAddress = "";
        public String targetUrl = "";
        public String subjectTemplate = "";
        public String messageTemplate = "";
    }

    public static CampaignForm empty() {
        return new CampaignForm();
    }

    /** The form of an existing campaign, as it is stored. */
    public static CampaignForm of(CampaignSnapshot campaign) {
        CampaignForm form = new CampaignForm();
        form.slug = campaign.slug();
        form.title = campaign.title();
        form.summary = campaign.summary();
        form.body = campaign.body();
        form.topic = campaign.topic();
        form.goal = Integer.toString(campaign.goal());
        form.status = campaign.status().name();
        form.embedOrigins = String.join("\n", campaign.embedOrigins());
        for (CampaignSnapshot.Step s : campaign.steps()) {
            Step step = new Step();
            step.kind = s.kind().name();
            step.title = text(s.title());
            step.instructions = text(s.instructions());
            step.targetType = s.targetType() == null ? TargetType.FIXED.name() : s.targetType().name();
            step.targetName = text(s.targetName());
            step.targetEmail = text(s.targetEmail());
            step.targetPhone = text(s.targetPhone());
            step.targetPostalAddress = text(s.targetPostalAddress());
            step.targetUrl = text(s.targetUrl());
            step.subjectTemplate = text(s.subjectTemplate());
            step.messageTemplate = text(s.messageTemplate());
            form.steps.add(step);
        }
        return form;
    }

    /** The form as the browser sent it (fields named as in the API; steps numbered from 0, in order, no gaps). */
    public static CampaignForm read(MultivaluedMap<String, String> sent) {
        CampaignForm form = new CampaignForm();
        form.slug = value(sent, "slug");
        form.title = value(sent, "title");
        form.summary = value(sent, "summary");
        form.body = value(sent, "body");
        form.topic = value(sent, "topic");
        form.goal = value(sent, "goal");
        form.status = value(sent, "status");
        form.embedOrigins = value(sent, "embedOrigins");
        for (int i = 0; i <= MAX_STEPS && sent.containsKey("steps[" + i + "].kind"); i++) {
            String p = "steps[" + i + "].";
            Step step = new Step();
            step.kind = value(sent, p + "kind");
            step.title = value(sent, p + "title");
            step.instructions = value(sent, p + "instructions");
            step.targetType = value(sent, p + "target.type");
            step.targetName = value(sent, p + "target.name");
            step.targetEmail = value(sent, p + "target.email");
            step.targetPhone = value(sent, p + "target.phone");
            step.targetPostalAddress = value(sent, p + "target.postalAddress");
            step.targetUrl = value(sent, p + "target.url");
            step.subjectTemplate = value(sent, p + "subjectTemplate");
            step.messageTemplate = value(sent, p + "messageTemplate");
            form.steps.add(step);
        }
        return form;
    }

    /**
     * Applies a step command ({@code add-step}, {@code remove-step-N}, {@code move-up-N}, {@code move-down-N});
     * answers the index of the step to bring into view (-1 for none), or empty when it is not a step command.
     */
    public java.util.OptionalInt apply(String command) {
        Matcher m = command == null ? null : COMMAND.matcher(command);
        if (m == null || !m.matches()) {
            return java.util.OptionalInt.empty();
        }
        if (m.group(1) != null) {
            if (steps.size() >= MAX_STEPS) {
                return java.util.OptionalInt.of(-1);
            }
            steps.add(new Step());
            return java.util.OptionalInt.of(steps.size() - 1);
        }
        int n = Integer.parseInt(m.group(3));
        if (n >= steps.size()) {
            return java.util.OptionalInt.of(-1);
        }
        switch (m.group(2)) {
            case "remove-step" -> {
                steps.remove(n);
                return java.util.OptionalInt.of(-1);
            }
            case "move-up" -> {
                if (n == 0) {
                    return java.util.OptionalInt.of(n);
                }
                steps.add(n - 1, steps.remove(n));
                return java.util.OptionalInt.of(n - 1);
            }
            default -> {
                if (n == steps.size() - 1) {
                    return java.util.OptionalInt.of(n);
                }
                steps.add(n + 1, steps.remove(n));
                return java.util.OptionalInt.of(n + 1);
            }
        }
    }

    /** The API's input for a new campaign; values that are not even of the right type are reported in {@code errors}. */
    public CampaignInput toInput(List<FieldError> errors) {
        return new CampaignInput(blankToNull(slug), title, summary, body, topic, goal(errors),
                parse(status, CampaignStatus::valueOf, "status", "must be DRAFT or OPEN", errors), steps(errors),
                origins());
    }

    /** The API's change of an existing campaign: every field, and its steps replacing the old ones. */
    public CampaignPatch toPatch(List<FieldError> errors) {
        return new CampaignPatch(title, summary, body, topic, goal(errors),
                parse(status, CampaignStatus::valueOf, "status", "must be DRAFT, OPEN or CLOSED", errors), steps(errors),
                origins());
    }

    /** The origins as typed, one a line (spaces and commas separate them too); none: an empty list. */
    private List<String> origins() {
        return java.util.Arrays.stream(embedOrigins.split("[\\s,]+")).filter(o -> !o.isEmpty()).toList();
    }

    private Integer goal(List<FieldError> errors) {
        String digits = goal.replaceAll("[\\s,_]", "");
        if (digits.isEmpty()) {
            errors.add(new FieldError("goal", "must be a number of signatures, such as 25000"));
            return null;
        }
        if (!digits.matches("\\d{1,10}")) {
            errors.add(new FieldError("goal", "must be a whole number of signatures, such as 25000"));
            return null;
        }
        long value = Long.parseLong(digits);
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }

    private List<StepInput> steps(List<FieldError> errors) {
        List<StepInput> inputs = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String p = "steps[" + i + "].";
            inputs.add(new StepInput(parse(s.kind, StepKind::valueOf, p + "kind", "must be EMAIL, CALL, LETTER or LINK", errors),
                    s.title, s.instructions,
                    new TargetInput(parse(s.targetType, TargetType::valueOf, p + "target.type",
                            "must be FIXED, SENATORS or HOUSE_REPRESENTATIVE", errors),
                            blankToNull(s.targetName), blankToNull(s.targetEmail), blankToNull(s.targetPhone),
                            blankToNull(s.targetPostalAddress), blankToNull(s.targetUrl)),
                    blankToNull(s.subjectTemplate), blankToNull(s.messageTemplate)));
        }
        return inputs;
    }

    private static <T> T parse(String value, Function<String, T> parser, String field, String message, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parser.apply(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, message));
            return null;
        }
    }

    private static String value(MultivaluedMap<String, String> sent, String name) {
        String value = sent.getFirst(name);
        return value == null ? "" : value.replace("\r\n", "\n");
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

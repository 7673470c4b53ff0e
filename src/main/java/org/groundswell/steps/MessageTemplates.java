package org.groundswell.steps;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.SectionNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateNode;
import org.groundswell.common.InvalidInputException;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Organiser-written Qute templates for step subjects and messages. They run on a separate engine
 * that only reads maps, so a template can reach the supporter and target fields listed here and nothing else.
 */
public final class MessageTemplates {

    static final Set<String> SUPPORTER_FIELDS = Set.of("name", "country", "region", "postalCode", "district");
    static final Set<String> TARGET_FIELDS = Set.of("name", "salutation", "email", "phone", "postalAddress", "url");

    private static final Engine ENGINE = Engine.builder().addDefaults().build();
    private static final int MAX_RENDERED_LENGTH = 20_000;
    private static final int MAX_UPDATE_LENGTH = 50_000;
    /** Parsed templates by their text: a template is parsed once, not for every supporter. Bounded. */
    private static final Map<String, Template> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 2_000;

    private MessageTemplates() {
    }

    /** The placeholders a step's subject and message may use, as an organiser writes them ({supporter.name}, ...). */
    public static java.util.List<String> placeholders() {
        return java.util.stream.Stream.concat(
                SUPPORTER_FIELDS.stream().sorted().map(f -> "{supporter." + f + "}"),
                TARGET_FIELDS.stream().sorted().map(f -> "{target." + f + "}")).toList();
    }

    /** Rejects a template that does not parse or names anything but the supporter and target fields. */
    public static void validate(String field, String source) {
        validate(field, source, SUPPORTER_FIELDS, TARGET_FIELDS);
    }

    /** An organiser's update to supporters: it may name only {supporter.name}. */
    public static void validateUpdate(String field, String source) {
        validate(field, source, Set.of("name"), Set.of());
    }

    /** Renders an update for one supporter (plain text; escaping is the caller's). */
    public static String renderUpdate(String source, String supporterName) {
        try {
            String rendered = parsed(source).data("supporter", Map.of("name", text(supporterName))).render();
            return rendered.length() > MAX_UPDATE_LENGTH ? rendered.substring(0, MAX_UPDATE_LENGTH) : rendered;
        } catch (TemplateException e) {
            return source;
        }
    }

    private static void validate(String field, String source, Set<String> supporterFields, Set<String> targetFields) {
        if (source == null) {
            return;
        }
        Template template;
        try {
            template = ENGINE.parse(source);
        } catch (TemplateException e) {
            throw InvalidInputException.field(field, "is not a valid template: " + e.getMessage());
        }
        // Only {#if} sections: loops and the like could make a short template render without end.
        SectionNode root = template.getRootNode();
        for (TemplateNode node : template.findNodes(n -> n instanceof SectionNode && n != root)) {
            if (!"if".equals(((SectionNode) node).getName())) {
                throw InvalidInputException.field(field, "may use only {#if} sections, not {#" + ((SectionNode) node).getName() + "}");
            }
        }
        for (Expression expression : template.getExpressions()) {
            if (expression.isLiteral()) {
                continue;
            }
            if (!isAllowed(expression, supporterFields, targetFields)) {
                String allowed = "{supporter." + String.join("}, {supporter.", supporterFields.stream().sorted().toList()) + "}"
                        + (targetFields.isEmpty() ? "" : " and {target." + String.join("}, {target.", targetFields.stream().sorted().toList()) + "}");
                throw InvalidInputException.field(field, "may only use " + allowed + ", not {" + expression.toOriginalString() + "}");
            }
        }
    }

    public static String render(String source, Supporter supporter, ResolvedTarget target) {
        if (source == null || source.isBlank()) {
            return "";
        }
        Map<String, Object> supporterData = new HashMap<>();
        supporterData.put("name", text(supporter.name()));
        supporterData.put("country", text(supporter.country()));
        supporterData.put("region", text(supporter.region()));
        supporterData.put("postalCode", text(supporter.postalCode()));
        supporterData.put("district", supporter.district() == null ? "" : supporter.district().toString());
        Map<String, Object> targetData = new HashMap<>();
        targetData.put("name", text(target.name()));
        targetData.put("salutation", text(target.salutation()));
        targetData.put("email", text(target.email()));
        targetData.put("phone", text(target.phone()));
        targetData.put("postalAddress", text(target.postalAddress()));
        targetData.put("url", text(target.url()));
        try {
            String rendered = parsed(source).data("supporter", supporterData).data("target", targetData).render();
            return rendered.length() > MAX_RENDERED_LENGTH ? rendered.substring(0, MAX_RENDERED_LENGTH) : rendered;
        } catch (TemplateException e) {
            // Validated on save, so this is a template the engine accepted but cannot render: show it as written.
            return source;
        }
    }

    private static Template parsed(String source) {
        Template template = PARSED.get(source);
        if (template == null) {
            if (PARSED.size() >= MAX_PARSED) {
                PARSED.clear(); // rare: thousands of campaigns' templates; parsing them again is cheap
            }
            template = ENGINE.parse(source);
            PARSED.put(source, template);
        }
        return template;
    }

    private static boolean isAllowed(Expression expression, Set<String> supporterFields, Set<String> targetFields) {
        if (expression.getNamespace() != null || expression.getParts().size() != 2) {
            return false;
        }
        String root = expression.getParts().get(0).getName();
        String property = expression.getParts().get(1).getName();
        return ("supporter".equals(root) && supporterFields.contains(property))
                || ("target".equals(root) && targetFields.contains(property));
    }

    private static String text(String value) {
        return Objects.requireNonNullElse(value, "");
    }
}

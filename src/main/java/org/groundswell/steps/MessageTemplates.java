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

/**
 * Organiser-written Qute templates for step subjects and messages. They run on a separate engine
 * that only reads maps, so a template can reach the supporter and target fields listed here and nothing else.
 */
public final class MessageTemplates {

    static final Set<String> SUPPORTER_FIELDS = Set.of("name", "country", "region", "postalCode", "district");
    static final Set<String> TARGET_FIELDS = Set.of("name", "salutation", "email", "phone", "postalAddress", "url");

    private static final Engine ENGINE = Engine.builder().addDefaults().build();
    private static final int MAX_RENDERED_LENGTH = 20_000;

    private MessageTemplates() {
    }

    /** Rejects a template that does not parse or names anything but the supporter and target fields. */
    public static void validate(String field, String source) {
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
            if (!isAllowed(expression)) {
                throw InvalidInputException.field(field, "may only use {supporter." + String.join("}, {supporter.", SUPPORTER_FIELDS.stream().sorted().toList())
                        + "} and {target." + String.join("}, {target.", TARGET_FIELDS.stream().sorted().toList()) + "}, not {"
                        + expression.toOriginalString() + "}");
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
            String rendered = ENGINE.parse(source).data("supporter", supporterData).data("target", targetData).render();
            return rendered.length() > MAX_RENDERED_LENGTH ? rendered.substring(0, MAX_RENDERED_LENGTH) : rendered;
        } catch (TemplateException e) {
            // Validated on save, so this is a template the engine accepted but cannot render: show it as written.
            return source;
        }
    }

    private static boolean isAllowed(Expression expression) {
        if (expression.getNamespace() != null || expression.getParts().size() != 2) {
            return false;
        }
        String root = expression.getParts().get(0).getName();
        String property = expression.getParts().get(1).getName();
        return ("supporter".equals(root) && SUPPORTER_FIELDS.contains(property))
                || ("target".equals(root) && TARGET_FIELDS.contains(property));
    }

    private static String text(String value) {
        return Objects.requireNonNullElse(value, "");
    }
}

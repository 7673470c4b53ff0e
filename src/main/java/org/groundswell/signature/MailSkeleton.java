package org.groundswell.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mail body rendered once with numbered slots ({@link #slot(int)}) where per-supporter values go, so that
 * filling it for each supporter is string concatenation, not template rendering.
 */
final class MailSkeleton {

    private static final Pattern SLOT = Pattern.compile("\u0000(\\d)\u0000");

    private final List<String> parts;
    private final int[] slots;
    private final boolean html;

    private MailSkeleton(List<String> parts, int[] slots, boolean html) {
        this.parts = parts;
        this.slots = slots;
        this.html = html;
    }

    /** The marker a template is rendered with in place of value {@code index}; no valid value contains NUL. */
    static String slot(int index) {
        return "\u0000" + index + "\u0000";
    }

    static MailSkeleton of(String rendered, boolean html) {
        List<String> parts = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        Matcher matcher = SLOT.matcher(rendered);
        int from = 0;
        while (matcher.find()) {
            parts.add(rendered.substring(from, matcher.start()));
            slots.add(Integer.parseInt(matcher.group(1)));
            from = matcher.end();
        }
        parts.add(rendered.substring(from));
        return new MailSkeleton(List.copyOf(parts), slots.stream().mapToInt(Integer::intValue).toArray(), html);
    }

    String fill(String... values) {
        StringBuilder out = new StringBuilder(parts.stream().mapToInt(String::length).sum() + 256);
        for (int i = 0; i < slots.length; i++) {
            out.append(parts.get(i));
            String value = values[slots[i]];
            if (html) {
                escapeHtml(value, out);
            } else {
                out.append(value);
            }
        }
        return out.append(parts.get(parts.size() - 1)).toString();
    }

    private static void escapeHtml(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}

package org.groundswell.console.charts;

import java.text.NumberFormat;
import java.util.Locale;

/** What the charts share: escaping text for XML, numbers for people, the palette. */
public final class Svg {

    /** Text and axes: #1b1b1b is 17:1 on white; #595959 is 7:1 (axes and grid lines need 3:1). */
    static final String TEXT = "#1b1b1b";
    static final String AXIS = "#595959";
    /** The bars: the site's accent, 8:1 on white. */
    static final String BAR = "#1f5f3f";
    static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

    private Svg() {
    }

    /** Safe inside an XML element or a double-quoted attribute. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** 25,000 rather than 25000. */
    public static String number(long value) {
        return NumberFormat.getIntegerInstance(Locale.US).format(value);
    }

    /** A coordinate with at most one decimal, never in exponent notation. */
    static String coordinate(double value) {
        long tenths = Math.round(value * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + Math.abs(tenths % 10);
    }

    /** An id usable in XML and HTML: letters, digits and hyphens. */
    static String id(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9-]", "-");
        return cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0)) ? "c-" + cleaned : cleaned;
    }
}

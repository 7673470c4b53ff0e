package org.groundswell.web;

import org.groundswell.common.HumanNumbers;

/**
 * A campaign's progress as a small SVG image for newsletters and READMEs: its title, its count and goal as people
 * read them ({@code 12,345 of 100,000 signatures}) and a bar. Self-contained (no font, image or script is loaded),
 * and named for screen readers ({@code role="img"} with a {@code <title>} that says it all). Plain values in, text out.
 */
public record Badge(String title, long count, long goal, boolean closed) {

    static final int WIDTH = 360;
    static final int HEIGHT = 72;
    private static final int BAR = WIDTH - 24;
    private static final int TITLE_CHARACTERS = 44;

    public static Badge of(String title, long count, long goal, boolean closed) {
        return new Badge(title, count, goal, closed);
    }

    /** What the image says, in one sentence: its accessible name. */
    public String text() {
        return title + ": " + HumanNumbers.grouped(count) + " of " + HumanNumbers.grouped(goal) + " signatures ("
                + HumanNumbers.percentOf(count, goal) + "%)" + (closed ? ", final count" : "");
    }

    public String svg() {
        int filled = (int) Math.round(BAR * HumanNumbers.percentOf(count, goal) / 100.0);
        String shownTitle = title.codePointCount(0, title.length()) > TITLE_CHARACTERS
                ? title.substring(0, title.offsetByCodePoints(0, TITLE_CHARACTERS - 1)).strip() + "…" : title;
        String counts = HumanNumbers.grouped(count) + " of " + HumanNumbers.grouped(goal) + " signatures"
                + (closed ? " · closed" : "");
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\" viewBox=\"0 0 "
                + WIDTH + " " + HEIGHT + "\" role=\"img\" aria-labelledby=\"badge-title\">"
                + "<title id=\"badge-title\">" + xml(text()) + "</title>"
                + "<rect width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\" rx=\"6\" fill=\"#f3f5f4\"/>"
                + "<g font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" aria-hidden=\"true\">"
                + "<text x=\"12\" y=\"24\" font-size=\"14\" font-weight=\"700\" fill=\"#1f5f3f\">" + xml(shownTitle) + "</text>"
                + "<text x=\"12\" y=\"44\" font-size=\"13\" fill=\"#1b1b1b\">" + xml(counts) + "</text></g>"
                + "<rect x=\"12\" y=\"54\" width=\"" + BAR + "\" height=\"8\" rx=\"4\" fill=\"#c9d6cf\"/>"
                + (filled > 0 ? "<rect x=\"12\" y=\"54\" width=\"" + filled + "\" height=\"8\" rx=\"4\" fill=\"#1f5f3f\"/>" : "")
                + "</svg>";
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

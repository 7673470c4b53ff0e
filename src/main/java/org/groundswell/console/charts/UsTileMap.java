package org.groundswell.console.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 50 states and DC as equal squares in the familiar grid (8 rows of 12: Alaska top left, Maine top right,
 * Hawaii bottom left, Texas and Florida along the bottom), each labelled with its postal code and shaded by its
 * count in five steps, with a legend. Inline SVG sized in viewBox units; {@code role="img"}, a title and a text
 * summary, the figures themselves in a table next to it. Every label has at least 4.5:1 contrast on its tile.
 */
public final class UsTileMap {

    /** Where a state's tile is: row (0 at the top) and column (0 at the left). */
    public record Tile(String code, int row, int column) {
    }

    /** The grid: 51 tiles. */
    public static final List<Tile> TILES = List.of(
            new Tile("AK", 0, 0), new Tile("ME", 0, 11),
            new Tile("WI", 1, 5), new Tile("VT", 1, 10), new Tile("NH", 1, 11),
            new Tile("WA", 2, 0), new Tile("ID", 2, 1), new Tile("MT", 2, 2), new Tile("ND", 2, 3), new Tile("MN", 2, 4),
            new Tile("IL", 2, 5), new Tile("MI", 2, 6), new Tile("NY", 2, 9), new Tile("MA", 2, 10),
            new Tile("OR", 3, 0), new Tile("NV", 3, 1), new Tile("WY", 3, 2), new Tile("SD", 3, 3), new Tile("IA", 3, 4),
            new Tile("IN", 3, 5), new Tile("OH", 3, 6), new Tile("PA", 3, 7), new Tile("NJ", 3, 8), new Tile("CT", 3, 9),
            new Tile("RI", 3, 10),
            new Tile("CA", 4, 0), new Tile("UT", 4, 1), new Tile("CO", 4, 2), new Tile("NE", 4, 3), new Tile("MO", 4, 4),
            new Tile("KY", 4, 5), new Tile("WV", 4, 6), new Tile("VA", 4, 7), new Tile("MD", 4, 8), new Tile("DE", 4, 9),
            new Tile("AZ", 5, 1), new Tile("NM", 5, 2), new Tile("KS", 5, 3), new Tile("AR", 5, 4), new Tile("TN", 5, 5),
            new Tile("NC", 5, 6), new Tile("SC", 5, 7), new Tile("DC", 5, 8),
            new Tile("OK", 6, 3), new Tile("LA", 6, 4), new Tile("MS", 6, 5), new Tile("AL", 6, 6), new Tile("GA", 6, 7),
            new Tile("HI", 7, 0), new Tile("TX", 7, 3), new Tile("FL", 7, 8));

    /** Tile fill and label colour per step: 0 is none, 1 to 5 from fewest to most. */
    static final String[] FILL = {"#f2f2f2", "#dcefe4", "#a3d4b8", "#5fae86", "#2a7450", "#0f3d26"};
    static final String[] LABEL = {Svg.TEXT, Svg.TEXT, Svg.TEXT, Svg.TEXT, "#ffffff", "#ffffff"};
    public static final int STEPS = 5;

    static final int CELL = 44;
    static final int TILE = 40;
    static final int COLUMNS = 12;
    static final int ROWS = 8;
    static final int LEGEND = 58;

    private UsTileMap() {
    }

    /** 0 for none; otherwise 1 to 5, in equal fifths of the largest count. */
    public static int step(long count, long max) {
        if (count <= 0 || max <= 0) {
            return 0;
        }
        return (int) Math.min(STEPS, Math.max(1, (count * STEPS + max - 1) / max));
    }

    /** The counts step {@code step} (1 to 5) covers when the largest is {@code max}: "lo–hi", or "–" for none. */
    static String range(int step, long max) {
        long lo = max * (step - 1) / STEPS + 1;
        long hi = max * step / STEPS;
        if (lo > hi) {
            return "–";
        }
        return lo == hi ? Svg.number(lo) : Svg.number(lo) + "–" + Svg.number(hi);
    }

    /**
     * @param id     unique on the page (the title and summary are {@code id-title} and {@code id-desc})
     * @param title  what the map shows
     * @param counts by postal code; codes without a tile (territories) are left to the table
     * @param name   a state's name by its code, for the tooltips and the summary
     */
    public static String render(String id, String title, Map<String, Long> counts, java.util.function.Function<String, String> name) {
        String base = Svg.id(id);
        Map<String, Long> onMap = new LinkedHashMap<>();
        TILES.forEach(t -> onMap.put(t.code(), Math.max(0, counts.getOrDefault(t.code(), 0L))));
        long max = onMap.values().stream().mapToLong(Long::longValue).max().orElse(0);
        int width = COLUMNS * CELL;
        int height = ROWS * CELL + LEGEND;
        StringBuilder svg = new StringBuilder(16_000);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart tilemap\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(base).append("-title ").append(base).append("-desc\" font-family=\"")
                .append(Svg.FONT).append("\" font-size=\"14\">")
                .append("<title id=\"").append(base).append("-title\">").append(Svg.escape(title)).append("</title>")
                .append("<desc id=\"").append(base).append("-desc\">").append(Svg.escape(summary(onMap, name))).append("</desc>");
        for (Tile tile : TILES) {
            long count = onMap.get(tile.code());
            int step = step(count, max);
            int x = tile.column() * CELL;
            int y = tile.row() * CELL;
            svg.append("<g class=\"tile\" data-state=\"").append(tile.code()).append("\" data-count=\"").append(count)
                    .append("\" data-step=\"").append(step).append("\"><title>").append(Svg.escape(name.apply(tile.code())))
                    .append(": ").append(Svg.number(count)).append("</title>")
                    .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(TILE).append("\" height=\"")
                    .append(TILE).append("\" fill=\"").append(FILL[step]).append("\" stroke=\"").append(Svg.AXIS)
                    .append("\" stroke-width=\"").append(step == 0 ? "1" : "0").append("\"/>")
                    .append("<text x=\"").append(x + TILE / 2).append("\" y=\"").append(y + TILE / 2 + 5)
                    .append("\" text-anchor=\"middle\" font-weight=\"600\" fill=\"").append(LABEL[step]).append("\">")
                    .append(tile.code()).append("</text></g>");
        }
        // The legend: none, then the five steps with the counts each covers.
        int legendTop = ROWS * CELL + 8;
        int swatchWidth = width / (STEPS + 1);
        for (int step = 0; step <= STEPS; step++) {
            int x = step * swatchWidth;
            svg.append("<g class=\"legend\" data-step=\"").append(step).append("\"><rect x=\"").append(x).append("\" y=\"").append(legendTop)
                    .append("\" width=\"").append(swatchWidth - 6).append("\" height=\"18\" fill=\"").append(FILL[step])
                    .append("\" stroke=\"").append(Svg.AXIS).append("\" stroke-width=\"").append(step == 0 ? "1" : "0").append("\"/>")
                    .append("<text x=\"").append(x).append("\" y=\"").append(legendTop + 38).append("\" fill=\"").append(Svg.TEXT).append("\">")
                    .append(step == 0 ? "None" : Svg.escape(range(step, max))).append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    /** "1,234 confirmed signatures in 12 of 51 states and DC; most in California (500), Texas (200), New York (100)." */
    static String summary(Map<String, Long> onMap, java.util.function.Function<String, String> name) {
        long total = onMap.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "No confirmed signatures from any state or DC yet.";
        }
        List<Map.Entry<String, Long>> top = new ArrayList<>(onMap.entrySet().stream().filter(e -> e.getValue() > 0).toList());
        long places = top.size();
        top.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        StringBuilder text = new StringBuilder().append(Svg.number(total)).append(total == 1 ? " confirmed signature" : " confirmed signatures")
                .append(" from ").append(places).append(places == 1 ? " of the 50 states and DC" : " of the 50 states and DC")
                .append("; most from ");
        for (int i = 0; i < Math.min(3, top.size()); i++) {
            Map.Entry<String, Long> entry = top.get(i);
            text.append(i == 0 ? "" : ", ").append(name.apply(entry.getKey())).append(" (").append(Svg.number(entry.getValue())).append(')');
        }
        return text.append('.').toString();
    }
}

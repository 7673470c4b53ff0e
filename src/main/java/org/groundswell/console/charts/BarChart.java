package org.groundswell.console.charts;

import java.util.List;

/**
 * A bar chart as inline SVG: one bar per period, a value axis from zero with a few labelled grid lines, and tick
 * labels under the bars that have one. Sized in viewBox units, so it scales to the width it is given (a 390 px
 * phone as a desktop); {@code role="img"} with a title and a text summary ({@code desc}) for screen readers, who
 * also get the same figures as a table next to it. No script, no style attribute, nothing from elsewhere.
 */
public final class BarChart {

    /** One bar: its full label (in its tooltip), an optional tick label under it, and its value (0 or more). */
    public record Bar(String label, String tick, long value) {
    }

    static final int WIDTH = 480;
    static final int HEIGHT = 200;
    static final int LEFT = 52;
    static final int RIGHT = 6;
    static final int TOP = 10;
    static final int BOTTOM = 30;

    private BarChart() {
    }

    /**
     * @param id          unique on the page: the title and summary are referred to as {@code id-title} and {@code id-desc}
     * @param title       what the chart shows ("Confirmed signatures per hour, last 48 hours")
     * @param description a text summary of the figures
     */
    public static String render(String id, String title, String description, List<Bar> bars) {
        String base = Svg.id(id);
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(0));
        long top = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder(2048 + bars.size() * 160);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"").append(base).append("-title ").append(base).append("-desc\" font-family=\"")
                .append(Svg.FONT).append("\" font-size=\"13\">")
                .append("<title id=\"").append(base).append("-title\">").append(Svg.escape(title)).append("</title>")
                .append("<desc id=\"").append(base).append("-desc\">").append(Svg.escape(description)).append("</desc>");
        // Grid lines and their values: zero, half and the top of the scale.
        for (long value : top >= 2 ? new long[]{0, top / 2, top} : new long[]{0, top}) {
            double y = TOP + plotHeight - plotHeight * value / top;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(Svg.coordinate(y))
                    .append("\" y2=\"").append(Svg.coordinate(y)).append("\" stroke=\"").append(Svg.AXIS).append("\" stroke-width=\"")
                    .append(value == 0 ? "1.5" : "0.5").append("\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Svg.coordinate(y + 4)).append("\" text-anchor=\"end\" fill=\"")
                    .append(Svg.TEXT).append("\">").append(Svg.number(value)).append("</text>");
        }
        double slot = bars.isEmpty() ? plotWidth : plotWidth / bars.size();
        double barWidth = Math.max(1, slot * 0.8);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double x = LEFT + i * slot + (slot - barWidth) / 2;
            double height = plotHeight * bar.value() / top;
            svg.append("<rect class=\"bar\" data-value=\"").append(bar.value()).append("\" x=\"").append(Svg.coordinate(x))
                    .append("\" y=\"").append(Svg.coordinate(TOP + plotHeight - height)).append("\" width=\"").append(Svg.coordinate(barWidth))
                    .append("\" height=\"").append(Svg.coordinate(height)).append("\" fill=\"").append(Svg.BAR).append("\"><title>")
                    .append(Svg.escape(bar.label())).append(": ").append(Svg.number(bar.value())).append("</title></rect>");
            if (bar.tick() != null && !bar.tick().isEmpty()) {
                double center = LEFT + i * slot + slot / 2;
                svg.append("<text x=\"").append(Svg.coordinate(center)).append("\" y=\"").append(HEIGHT - BOTTOM + 18)
                        .append("\" text-anchor=\"middle\" fill=\"").append(Svg.TEXT).append("\">").append(Svg.escape(bar.tick())).append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    /** The top of the value axis: 1, 2 or 5 times a power of ten, at least {@code max}. */
    static long niceCeiling(long max) {
        long power = 1;
        while (true) {
            for (long step : new long[]{1, 2, 5}) {
                if (step * power >= max) {
                    return step * power;
                }
            }
            if (power > Long.MAX_VALUE / 100) {
                return max;
            }
            power *= 10;
        }
    }
}

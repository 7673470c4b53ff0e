package org.groundswell.console.dashboard;

import org.groundswell.common.HumanNumbers;

import java.util.List;

/**
 * What the dashboard page shows, every figure already written for people; the charts as SVG markup made by
 * {@link org.groundswell.console.charts}. The tables hold the same figures as the charts.
 */
public record Dashboard(String slug, String title, String status, String asOf, String asOfIso,
                        Figure confirmed, Figure pending, Figure held, String goal, String progress, String confirmationRate,
                        Chart perHour, Chart perDay, Chart byState,
                        List<Row> districts, List<Row> countries, List<Reached> milestones,
                        Figure mailQueued, Figure mailSent, Figure mailFailed, List<Row> bySource) {

    /** A count, as a number and as text. */
    public record Figure(long value, String text) {
        static Figure of(long value) {
            return new Figure(value, HumanNumbers.grouped(value));
        }
    }

    /** A chart and the rows of its table (label, then one or two figures). */
    public record Chart(String svg, List<Row> rows) {
    }

    public record Row(String label, String first, String second) {
    }

    public record Reached(int percent, String ago, String exact, String iso) {
    }
}

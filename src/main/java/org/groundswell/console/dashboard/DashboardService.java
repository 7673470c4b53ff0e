package org.groundswell.console.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignCatalog;
import org.groundswell.campaign.CampaignRepository;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.PlaceCounts;
import org.groundswell.common.HumanNumbers;
import org.groundswell.common.RelativeTime;
import org.groundswell.console.charts.BarChart;
import org.groundswell.console.charts.UsTileMap;
import org.groundswell.congress.UsStates;
import org.groundswell.signature.CampaignActivityRepository;
import org.groundswell.signature.CampaignActivityRepository.Period;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A campaign's dashboard for its organisers, read from counters only (the signature count and counts by place,
 * the activity counters by status, per hour and for mail, the milestones): a handful of reads by primary key, as
 * fast for a campaign of 5 million signatures as for an empty one. Times are UTC.
 */
@ApplicationScoped
public class DashboardService {

    static final int HOURS = 48;
    static final int TOP = 10;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("d MMM HH:00", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_TICK = DateTimeFormatter.ofPattern("HH:00", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter AS_OF = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TICK = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private final CampaignCatalog catalog;
    private final CampaignRepository campaigns;
    private final CampaignActivityRepository activity;
    private final Clock clock;

    public DashboardService(CampaignCatalog catalog, CampaignRepository campaigns, CampaignActivityRepository activity, Clock clock) {
        this.catalog = catalog;
        this.campaigns = campaigns;
        this.activity = activity;
        this.clock = clock;
    }

    /** The dashboard of a campaign the caller may see (the caller's rights are checked before). */
    @Transactional
    public Dashboard dashboard(CampaignSnapshot found) {
        Instant now = clock.instant();
        CampaignSnapshot campaign = catalog.fresh(found.slug()).orElse(found); // the count as folded now, not a second ago
        CampaignActivityRepository.Activity counts = activity.activity(campaign.id());
        // Every state (56 at most), and only the top districts and countries (out of 437 and some 250).
        PlaceCounts places = new PlaceCounts(campaign.signatureCount(), campaigns.topPlaceCounts(campaign.id(), "country", TOP),
                campaigns.placeCounts(campaign.id(), "state"), campaigns.topPlaceCounts(campaign.id(), "district", TOP));
        long confirmed = campaign.signatureCount();
        return new Dashboard(campaign.slug(), campaign.title(), campaign.status().name().toLowerCase(Locale.ROOT),
                AS_OF.format(now), RelativeTime.iso(now),
                Dashboard.Figure.of(confirmed), Dashboard.Figure.of(counts.pending()), Dashboard.Figure.of(counts.held()),
                HumanNumbers.grouped(campaign.goal()), share(confirmed, campaign.goal()),
                share(confirmed, confirmed + counts.pending()),
                perHour(campaign.id(), now), perDay(campaign, now), byState(places),
                rows(PlaceCounts.top(places.usDistricts(), TOP), code -> code),
                rows(PlaceCounts.top(places.countries(), TOP), DashboardService::countryName),
                campaign.milestones().stream()
                        .map(m -> new Dashboard.Reached(m.percent(), RelativeTime.describe(m.reachedAt(), now), RelativeTime.exact(m.reachedAt()),
                                RelativeTime.iso(m.reachedAt()))).toList(),
                Dashboard.Figure.of(counts.mailQueued()), Dashboard.Figure.of(counts.mailSent()), Dashboard.Figure.of(counts.mailFailed()),
                bySource(campaign.id()));
    }

    /**
     * Confirmed signatures in the last 24 hours (this hour and the 23 before it) of each of these campaigns, from the
     * hourly counters; a campaign without any is absent.
     */
    @Transactional
    public Map<Long, Long> confirmedLastDay(java.util.Collection<Long> campaignIds) {
        Instant from = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
        return activity.confirmedSince(campaignIds, from);
    }

    /** Label for the signatures of our own pages and API (no partner key). */
    static final String OWN_SOURCE = "Our pages and API";

    /** Confirmed signatures by source, from the counters: each partner key's source tag, and ours. */
    private List<Dashboard.Row> bySource(long campaignId) {
        return activity.bySource(campaignId).stream()
                .map(s -> new Dashboard.Row(s.originSystem() == null ? OWN_SOURCE : s.originSystem(), HumanNumbers.grouped(s.confirmed()), null))
                .toList();
    }

    /** The last 48 hours, this one included, an empty hour as 0. */
    private Dashboard.Chart perHour(long campaignId, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofHours(HOURS));
        Map<Instant, Period> found = new HashMap<>();
        activity.hours(campaignId, start, end).forEach(p -> found.put(p.start(), p));
        List<Period> hours = new ArrayList<>(HOURS);
        for (Instant hour = start; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
            hours.add(found.getOrDefault(hour, new Period(hour, 0, 0)));
        }
        List<BarChart.Bar> bars = new ArrayList<>(HOURS);
        List<Dashboard.Row> rows = new ArrayList<>(HOURS);
        for (int i = 0; i < hours.size(); i++) {
            Period hour = hours.get(i);
            int hourOfDay = hour.start().atZone(ZoneOffset.UTC).getHour();
            bars.add(new BarChart.Bar(HOUR.format(hour.start()), hourOfDay % 12 == 0 ? HOUR_TICK.format(hour.start()) : null, hour.confirmed()));
            rows.add(new Dashboard.Row(HOUR.format(hour.start()), HumanNumbers.grouped(hour.signed()), HumanNumbers.grouped(hour.confirmed())));
        }
        String title = "Confirmed signatures per hour, last 48 hours (UTC)";
        return new Dashboard.Chart(BarChart.render("per-hour", title, summary(hours, "hour", p -> HOUR.format(p.start())), bars), rows);
    }

    /** Every day of the campaign, from its first (or the day it was made) to today. */
    private Dashboard.Chart perDay(CampaignSnapshot campaign, Instant now) {
        List<Period> found = activity.days(campaign.id());
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = campaign.createdAt() == null ? today : campaign.createdAt().atZone(ZoneOffset.UTC).toLocalDate();
        if (!found.isEmpty()) {
            LocalDate firstFound = day(found.get(0));
            first = firstFound.isBefore(first) ? firstFound : first;
        }
        if (first.isAfter(today)) {
            first = today;
        }
        Map<LocalDate, Period> byDay = new LinkedHashMap<>();
        found.forEach(p -> byDay.put(day(p), p));
        List<Period> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            Period period = byDay.get(day);
            days.add(period != null ? period : new Period(day.atStartOfDay().toInstant(ZoneOffset.UTC), 0, 0));
        }
        int every = Math.max(1, (days.size() + 5) / 6); // about six tick labels, whatever the length
        List<BarChart.Bar> bars = new ArrayList<>(days.size());
        List<Dashboard.Row> rows = new ArrayList<>(days.size());
        for (int i = 0; i < days.size(); i++) {
            Period day = days.get(i);
            LocalDate date = day(day);
            bars.add(new BarChart.Bar(DAY.format(date), i % every == 0 ? DAY_TICK.format(date) : null, day.confirmed()));
            rows.add(new Dashboard.Row(DAY.format(date), HumanNumbers.grouped(day.signed()), HumanNumbers.grouped(day.confirmed())));
        }
        String title = "Confirmed signatures per day, whole campaign (UTC)";
        return new Dashboard.Chart(BarChart.render("per-day", title, summary(days, "day", p -> DAY.format(day(p))), bars), rows);
    }

    private Dashboard.Chart byState(PlaceCounts places) {
        Map<String, Long> counts = new LinkedHashMap<>();
        places.usStates().forEach(p -> counts.put(p.code(), p.count()));
        List<Dashboard.Row> rows = places.usStates().stream()
                .map(p -> new Dashboard.Row(stateName(p.code()) + " (" + p.code() + ")", HumanNumbers.grouped(p.count()), null)).toList();
        String svg = UsTileMap.render("by-state", "Confirmed signatures by U.S. state", counts, DashboardService::stateName);
        return new Dashboard.Chart(svg, rows);
    }

    /** "1,234 confirmed in all; the most in one hour: 120 (5 Dec 14:00)." */
    private static String summary(List<Period> periods, String unit, java.util.function.Function<Period, String> label) {
        long total = periods.stream().mapToLong(Period::confirmed).sum();
        if (total == 0) {
            return "No confirmed signatures in this period.";
        }
        Period busiest = periods.stream().max(java.util.Comparator.comparingLong(Period::confirmed)).orElseThrow();
        return HumanNumbers.grouped(total) + " confirmed in these " + periods.size() + " " + unit + "s; the most in one " + unit + ": "
                + HumanNumbers.grouped(busiest.confirmed()) + " (" + label.apply(busiest) + ").";
    }

    private static List<Dashboard.Row> rows(List<CampaignRepository.PlaceCount> counts, java.util.function.Function<String, String> name) {
        return counts.stream().map(p -> new Dashboard.Row(name.apply(p.code()), HumanNumbers.grouped(p.count()), null)).toList();
    }

    private static LocalDate day(Period period) {
        return period.start().atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** A share as a whole percentage, rounded ("97%"), or "–" when there is nothing to share. */
    static String share(long part, long whole) {
        return whole <= 0 ? "–" : Math.round(100.0 * part / whole) + "%";
    }

    static String stateName(String code) {
        return UsStates.name(code).replaceFirst("^the ", "");
    }

    static String countryName(String code) {
        String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isEmpty() || name.equals(code) ? code : name + " (" + code + ")";
    }
}

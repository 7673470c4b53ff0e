package org.groundswell.web;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress badge, without Quarkus. */
class BadgeTest {

    @Test
    void saysTheCountAsPeopleReadItAndIsNamedForScreenReaders() {
        String svg = Badge.of("Fair rules <for> \"AI\" & all", 12_345, 100_000, false).svg();
        Document image = Jsoup.parse(svg, "", Parser.xmlParser());
        assertEquals("img", image.selectFirst("svg").attr("role"));
        assertEquals("badge-title", image.selectFirst("svg").attr("aria-labelledby"));
        assertEquals("Fair rules <for> \"AI\" & all: 12,345 of 100,000 signatures (12%)", image.selectFirst("title").text());
        assertTrue(svg.contains("12,345 of 100,000 signatures"));
        assertFalse(svg.contains("<for>"), "text is escaped");
        assertFalse(svg.contains("href") || svg.contains("<script") || svg.contains("url("), "nothing external");
        // The bar: 12% of its 336 px.
        assertEquals("40", image.select("rect").get(2).attr("width"));
    }

    @Test
    void aClosedCampaignSaysSoAndALongTitleIsShortened() {
        String title = "A very long campaign title that goes on and on about the matter at hand";
        Badge badge = Badge.of(title, 250_000, 100_000, true);
        assertEquals(title + ": 250,000 of 100,000 signatures (100%), final count", badge.text());
        Document image = Jsoup.parse(badge.svg(), "", Parser.xmlParser());
        assertTrue(image.select("text").get(0).text().endsWith("…"));
        assertEquals("336", image.select("rect").get(2).attr("width"));
        assertEquals(2, Jsoup.parse(Badge.of("None yet", 0, 10, false).svg(), "", Parser.xmlParser()).select("rect").size(),
                "no bar at all at 0");
    }
}

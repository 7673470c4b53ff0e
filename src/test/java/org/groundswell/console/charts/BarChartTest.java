package org.groundswell.console.charts;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarChartTest {

    private static List<BarChart.Bar> bars(long... values) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            bars.add(new BarChart.Bar("Hour " + i, i % 2 == 0 ? "h" + i : null, values[i]));
        }
        return bars;
    }

    @Test
    void isValidSvgWithTitleSummaryAndScalableSize() {
        String svg = BarChart.render("per-hour", "Signatures per hour", "12 in all", bars(1, 0, 5, 6));
        Document document = SvgDocuments.parse(svg);
        Element root = document.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("img", root.getAttribute("role"));
        assertEquals("0 0 480 200", root.getAttribute("viewBox"));
        assertFalse(root.hasAttribute("width"), "no fixed width: the viewBox scales to the screen");
        assertFalse(svg.contains("style="), "no inline style: the pages' CSP forbids it");
        assertEquals("per-hour-title per-hour-desc", root.getAttribute("aria-labelledby"));
        assertEquals("Signatures per hour", SvgDocuments.children(root, "title").get(0).getTextContent());
        assertEquals("12 in all", SvgDocuments.children(root, "desc").get(0).getTextContent());
    }

    @Test
    void oneBarPerValueWithHeightsInProportion() {
        Document document = SvgDocuments.parse(BarChart.render("c", "t", "d", bars(10, 0, 5, 20)));
        List<Element> rects = SvgDocuments.elements(document, "rect");
        assertEquals(4, rects.size());
        assertEquals(List.of("10", "0", "5", "20"), rects.stream().map(r -> r.getAttribute("data-value")).toList());
        double tallest = Double.parseDouble(rects.get(3).getAttribute("height"));
        assertEquals(tallest / 2, Double.parseDouble(rects.get(0).getAttribute("height")), 0.11);
        assertEquals(tallest / 4, Double.parseDouble(rects.get(2).getAttribute("height")), 0.11);
        assertEquals(0.0, Double.parseDouble(rects.get(1).getAttribute("height")));
        assertEquals("Hour 3: 20", SvgDocuments.children(rects.get(3), "title").get(0).getTextContent());
    }

    @Test
    void axisIsLabelledWithNumbersForPeopleAndBarsContrastWithThePage() {
        String svg = BarChart.render("c", "t", "d", bars(25_000, 1));
        List<String> labels = SvgDocuments.elements(SvgDocuments.parse(svg), "text").stream().map(Element::getTextContent).toList();
        assertTrue(labels.contains("50,000"), labels.toString()); // the top of a 1-2-5 scale above 25,000
        assertTrue(labels.contains("25,000"), labels.toString());
        assertTrue(labels.contains("h0"), labels.toString());
        assertTrue(SvgDocuments.contrast(Svg.BAR, "#ffffff") >= 3, "bars against the page (WCAG 1.4.11)");
        assertTrue(SvgDocuments.contrast(Svg.AXIS, "#ffffff") >= 3, "axis against the page (WCAG 1.4.11)");
        assertTrue(SvgDocuments.contrast(Svg.TEXT, "#ffffff") >= 4.5, "text against the page (WCAG 1.4.3)");
    }

    @Test
    void textIsEscapedAndEmptyChartsRender() {
        String svg = BarChart.render("x\"y", "<script>alert(1)</script> & more", "a \"quoted\" <desc>",
                List.of(new BarChart.Bar("</title><script>", "<b>", 1)));
        Document document = SvgDocuments.parse(svg);
        assertTrue(SvgDocuments.elements(document, "script").isEmpty());
        assertEquals("<script>alert(1)</script> & more", SvgDocuments.children(document.getDocumentElement(), "title").get(0).getTextContent());
        SvgDocuments.parse(BarChart.render("empty", "Nothing", "No signatures yet.", List.of()));
    }

    @Test
    void scaleTopIsOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(1, BarChart.niceCeiling(1));
        assertEquals(2, BarChart.niceCeiling(2));
        assertEquals(5, BarChart.niceCeiling(3));
        assertEquals(10, BarChart.niceCeiling(6));
        assertEquals(200, BarChart.niceCeiling(101));
        assertEquals(5_000_000, BarChart.niceCeiling(4_999_999));
    }
}

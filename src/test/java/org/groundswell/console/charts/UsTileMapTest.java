package org.groundswell.console.charts;

import org.groundswell.congress.UsStates;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsTileMapTest {

    private static final Set<String> TERRITORIES = Set.of("AS", "GU", "MP", "PR", "VI");

    private static Document render(Map<String, Long> counts) {
        return SvgDocuments.parse(UsTileMap.render("by-state", "Confirmed signatures by U.S. state", counts, UsStates::name));
    }

    private static Map<String, Element> tiles(Document document) {
        return SvgDocuments.elements(document, "g").stream().filter(g -> "tile".equals(g.getAttribute("class")))
                .collect(Collectors.toMap(g -> g.getAttribute("data-state"), g -> g));
    }

    @Test
    void theGridHasOneTileForEachStateAndDcInEightRowsOfTwelveWithoutOverlap() {
        assertEquals(51, UsTileMap.TILES.size());
        Set<String> expected = new TreeSet<>(UsStates.codes());
        expected.removeAll(TERRITORIES);
        assertEquals(expected, UsTileMap.TILES.stream().map(UsTileMap.Tile::code).collect(Collectors.toCollection(TreeSet::new)));
        Set<String> cells = new HashSet<>();
        for (UsTileMap.Tile tile : UsTileMap.TILES) {
            assertTrue(tile.row() >= 0 && tile.row() < 8 && tile.column() >= 0 && tile.column() < 12, tile.toString());
            assertTrue(cells.add(tile.row() + "/" + tile.column()), "two tiles on " + tile);
        }
        Map<String, UsTileMap.Tile> byCode = UsTileMap.TILES.stream().collect(Collectors.toMap(UsTileMap.Tile::code, t -> t));
        assertEquals(new UsTileMap.Tile("AK", 0, 0), byCode.get("AK"), "Alaska top left");
        assertEquals(new UsTileMap.Tile("ME", 0, 11), byCode.get("ME"), "Maine top right");
        assertEquals(7, byCode.get("HI").row(), "Hawaii at the bottom");
        assertEquals(0, byCode.get("HI").column(), "Hawaii at the left");
        assertEquals(7, byCode.get("FL").row(), "Florida at the bottom");
        assertEquals(7, byCode.get("TX").row(), "Texas at the bottom");
        assertTrue(byCode.get("WA").column() < byCode.get("MN").column() && byCode.get("MN").column() < byCode.get("NY").column(),
                "west to east");
    }

    @Test
    void rendersFiftyOneLabelledEqualTilesWithTitleSummaryAndLegend() {
        Document document = render(Map.of("WA", 120L, "CA", 500L, "TX", 200L, "PR", 7L));
        Element root = document.getDocumentElement();
        assertEquals("img", root.getAttribute("role"));
        assertTrue(root.getAttribute("viewBox").startsWith("0 0 "));
        assertEquals("Confirmed signatures by U.S. state", SvgDocuments.children(root, "title").get(0).getTextContent());
        assertEquals("820 confirmed signatures from 3 of the 50 states and DC; most from California (500), Texas (200), Washington (120).",
                SvgDocuments.children(root, "desc").get(0).getTextContent());
        Map<String, Element> tiles = tiles(document);
        assertEquals(51, tiles.size());
        Set<String> sizes = new HashSet<>();
        tiles.forEach((code, tile) -> {
            Element rect = SvgDocuments.children(tile, "rect").get(0);
            sizes.add(rect.getAttribute("width") + "x" + rect.getAttribute("height"));
            assertEquals(code, SvgDocuments.children(tile, "text").get(0).getTextContent(), "labelled with its postal code");
        });
        assertEquals(Set.of("40x40"), sizes, "equal squares");
        assertEquals("Washington: 120", SvgDocuments.children(tiles.get("WA"), "title").get(0).getTextContent());
        List<Element> legend = SvgDocuments.elements(document, "g").stream().filter(g -> "legend".equals(g.getAttribute("class"))).toList();
        assertEquals(6, legend.size(), "none and five steps");
        assertEquals(List.of("None", "1–100", "101–200", "201–300", "301–400", "401–500"),
                legend.stream().map(g -> SvgDocuments.children(g, "text").get(0).getTextContent()).toList());
    }

    @Test
    void shadesInFiveStepsOfTheLargestCount() {
        Map<String, Long> counts = new HashMap<>(Map.of("CA", 1000L, "TX", 801L, "NY", 800L, "FL", 401L, "WA", 200L, "OR", 1L));
        Map<String, Element> tiles = tiles(render(counts));
        Map<String, String> steps = new HashMap<>();
        tiles.forEach((code, tile) -> steps.put(code, tile.getAttribute("data-step")));
        assertEquals("5", steps.get("CA"));
        assertEquals("5", steps.get("TX"));
        assertEquals("4", steps.get("NY"));
        assertEquals("3", steps.get("FL"));
        assertEquals("1", steps.get("WA"));
        assertEquals("1", steps.get("OR"), "one signature is shaded, never left as none");
        assertEquals("0", steps.get("ME"));
        Set<String> fills = new HashSet<>();
        for (String code : List.of("ME", "OR", "FL", "NY", "CA")) {
            fills.add(SvgDocuments.children(tiles.get(code), "rect").get(0).getAttribute("fill"));
        }
        assertEquals(5, fills.size(), "each step its own shade");
        assertEquals(0, UsTileMap.step(0, 0));
        assertEquals(1, UsTileMap.step(1, 1_000_000));
        assertEquals(5, UsTileMap.step(7, 7));
    }

    @Test
    void everyLabelIsReadableOnItsShade() {
        for (int step = 0; step <= UsTileMap.STEPS; step++) {
            double ratio = SvgDocuments.contrast(UsTileMap.FILL[step], UsTileMap.LABEL[step]);
            assertTrue(ratio >= 4.5, "step " + step + ": label contrast " + ratio);
        }
    }

    @Test
    void anEmptyMapSaysSo() {
        Document document = render(Map.of());
        assertEquals("No confirmed signatures from any state or DC yet.",
                SvgDocuments.children(document.getDocumentElement(), "desc").get(0).getTextContent());
        tiles(document).values().forEach(tile -> assertEquals("0", tile.getAttribute("data-step")));
    }
}

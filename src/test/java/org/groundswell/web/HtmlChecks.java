package org.groundswell.web;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accessibility floor of every page: a title, a language, and a label bound to every form control. */
final class HtmlChecks {

    private HtmlChecks() {
    }

    static void assertAccessible(String name, Document page) {
        assertFalse(page.title().isBlank(), name + ": has a title");
        assertEquals("en", page.selectFirst("html").attr("lang"), name + ": has a lang attribute");
        assertEquals(1, page.select("h1").size(), name + ": has one h1");
        assertFalse(page.select("meta[name=viewport]").isEmpty(), name + ": has a viewport for small screens");
        for (Element control : page.select("input:not([type=hidden]), select, textarea")) {
            String id = control.id();
            assertFalse(id.isEmpty(), name + ": control " + control.attr("name") + " has an id");
            assertEquals(1, page.select("label[for=" + id + "]").size(), name + ": one label for #" + id);
            assertFalse(page.selectFirst("label[for=" + id + "]").text().isBlank(), name + ": label for #" + id + " has text");
        }
        for (Element link : page.select("link[rel=stylesheet], script[src], img[src]")) {
            String url = link.hasAttr("href") ? link.attr("href") : link.attr("src");
            assertTrue(url.startsWith("/"), name + ": served by the service itself, no CDN: " + url);
        }
    }
}

package org.groundswell.campaign;

import org.groundswell.common.FieldError;
import org.groundswell.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The origins that may frame the widget, without Quarkus. */
class EmbedOriginsTest {

    @Test
    void bareOriginsAreKeptNormalisedAndOnce() {
        assertEquals(List.of("https://partner.example.org", "https://news.example.com:8443", "http://localhost:3000",
                        "http://127.0.0.1:8080", "http://[::1]:5173", "https://xn--bcher-kva.example"),
                EmbedOrigins.normalise(List.of(" HTTPS://Partner.Example.org/", "https://news.example.com:8443",
                        "https://partner.example.org:443", "http://localhost:3000", "http://127.0.0.1:8080", "http://[::1]:5173",
                        "https://xn--bcher-kva.example")));
        assertEquals(List.of(), EmbedOrigins.normalise(List.of()));
    }

    @Test
    void anythingButABareOriginIsRefusedAndNamed() {
        for (String bad : List.of("https://partner.example.org/petitions", "https://partner.example.org?x=1",
                "https://partner.example.org#top", "partner.example.org", "https://*.example.org", "*", "https:",
                "ftp://partner.example.org", "javascript://alert(1)", "http://partner.example.org", "http://10.0.0.1",
                "https://user@partner.example.org", "https://bücher.example", "https://[2001:db8::1]", "https://partner..org",
                "https://partner.example.org:0", "https://partner.example.org:70000", "https://-bad.example.org",
                "https://a.org; script-src *", "https://a.org https://b.org", "https://a.org,https://b.org", "", " ")) {
            String problem = EmbedOrigins.problemOf(bad);
            assertTrue(problem != null, bad + " is refused");
            if (!bad.isBlank() && bad.length() < 40) {
                assertTrue(problem.contains("'" + bad.strip() + "'"), "the message names the origin: " + problem);
            }
        }
        assertTrue(EmbedOrigins.problemOf("http://partner.example.org").contains("http:// only for localhost"));
        assertNull(EmbedOrigins.problemOf("https://203.0.113.7:8443"));
    }

    @Test
    void everyBadOriginIsReportedAtOnceByItsPlace() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EmbedOrigins.normalise(
                List.of("https://ok.example.org", "http://partner.example.org", "https://partner.example.org/x")));
        assertEquals(List.of("embedOrigins[1]", "embedOrigins[2]"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void atMostTwenty() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("https://site" + i + ".example.org");
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EmbedOrigins.normalise(many));
        assertEquals("embedOrigins", e.errors().get(0).field());
        assertEquals(20, EmbedOrigins.normalise(many.subList(0, 20)).size());
    }

    @Test
    void storedSeparatedBySpaces() {
        List<String> origins = List.of("https://a.example.org", "http://localhost:3000");
        assertEquals(origins, EmbedOrigins.split(EmbedOrigins.join(origins)));
        assertEquals(List.of(), EmbedOrigins.split(""));
    }
}

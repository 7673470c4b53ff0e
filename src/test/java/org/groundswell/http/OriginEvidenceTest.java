package org.groundswell.http;

import org.junit.jupiter.api.Test;

import static org.groundswell.http.OriginEvidence.Verdict.CROSS_SITE;
import static org.groundswell.http.OriginEvidence.Verdict.NO_EVIDENCE;
import static org.groundswell.http.OriginEvidence.Verdict.OPAQUE_ORIGIN;
import static org.groundswell.http.OriginEvidence.Verdict.SAME_ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a form comes from, as the headers a browser sends say it: only evidence of our own pages lets it through. */
class OriginEvidenceTest {

    private final OriginEvidence ours = new OriginEvidence("https://act.example.org/base/");

    @Test
    void fetchMetadataDecidesWhenTheBrowserSendsIt() {
        assertEquals(SAME_ORIGIN, ours.judge("same-origin", null, null));
        assertEquals(CROSS_SITE, ours.judge("none", null, null), "no page of ours sent it (a post is never typed in or bookmarked): not proof");
        assertEquals(SAME_ORIGIN, ours.judge("Same-Origin ", "null", null), "our token pages send Origin: null");
        assertEquals(CROSS_SITE, ours.judge("cross-site", "https://act.example.org", null), "whatever Origin says");
        assertEquals(CROSS_SITE, ours.judge("same-site", null, "https://act.example.org/c/x"), "a sibling subdomain is not us");
        assertEquals(CROSS_SITE, ours.judge("something-new", null, null));
    }

    @Test
    void withoutFetchMetadataOriginMustBeThePublicOrigin() {
        assertEquals(SAME_ORIGIN, ours.judge(null, "https://act.example.org", null));
        assertEquals(SAME_ORIGIN, ours.judge(null, "HTTPS://ACT.example.org:443", null), "case and default port");
        assertEquals(CROSS_SITE, ours.judge(null, "http://act.example.org", null), "another scheme");
        assertEquals(CROSS_SITE, ours.judge(null, "https://act.example.org:8443", null), "another port");
        assertEquals(CROSS_SITE, ours.judge(null, "https://act.example.org.evil.example", null));
        assertEquals(CROSS_SITE, ours.judge(null, "https://evil.example", "https://act.example.org/c/x"), "Referer is not asked when there is an Origin");
        assertEquals(CROSS_SITE, ours.judge(null, "not a url", null));
        assertEquals(OPAQUE_ORIGIN, ours.judge(null, "null", "https://act.example.org/c/x"), "Origin: null proves nothing");
        assertEquals(OPAQUE_ORIGIN, ours.judge(null, "null", null));
    }

    @Test
    void withNeitherTheRefererOfOurPublicPagesProvesIt() {
        assertEquals(SAME_ORIGIN, ours.judge(null, null, "https://act.example.org/c/a-campaign"));
        assertEquals(SAME_ORIGIN, ours.judge(null, null, "https://act.example.org"));
        assertEquals(CROSS_SITE, ours.judge(null, null, "https://act.example.org.evil.example/c/a-campaign"), "a prefix is not an origin");
        assertEquals(CROSS_SITE, ours.judge(null, null, "https://act.example.org@evil.example/"), "user info");
        assertEquals(CROSS_SITE, ours.judge(null, null, "https://evil.example/?https://act.example.org/"));
        assertEquals(CROSS_SITE, ours.judge(null, null, "/c/a-campaign"), "no origin at all in a relative Referer");
        assertEquals(NO_EVIDENCE, ours.judge(null, null, null));
        assertEquals(NO_EVIDENCE, ours.judge(" ", null, " "));
    }

    @Test
    void onlySameOriginIsAllowedAndEveryRefusalSaysWhy() {
        for (OriginEvidence.Verdict verdict : OriginEvidence.Verdict.values()) {
            assertEquals(verdict == SAME_ORIGIN, verdict.allowed(), verdict.name());
            assertFalse(verdict.reason().isBlank(), verdict.name());
        }
        assertTrue(new OriginEvidence("http://localhost:8080").judge(null, "http://localhost:8080", null).allowed());
        assertEquals(CROSS_SITE, new OriginEvidence("http://localhost:8080").judge(null, "http://localhost:8081", null));
        assertThrows(IllegalArgumentException.class, () -> new OriginEvidence("localhost"));
    }
}

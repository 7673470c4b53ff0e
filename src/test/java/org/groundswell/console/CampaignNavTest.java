package org.groundswell.console;

import org.groundswell.campaign.CampaignAccess.Relation;
import org.groundswell.common.InvalidInputException;
import org.groundswell.signature.Selection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The campaign navigation by role, and the review's groups as selections: plain values in, without Quarkus. */
class CampaignNavTest {

    private static List<String> labels(Relation relation) {
        return CampaignNav.links("s", relation, CampaignNav.Page.DASHBOARD).stream().map(CampaignNav.Link::label).toList();
    }

    @Test
    void eachRoleSeesOnlyThePagesItMayUse() {
        assertEquals(List.of("Dashboard", "Edit", "Preview", "Review", "Updates", "Export", "Team"), labels(Relation.OWNER));
        assertEquals(List.of("Dashboard", "Edit", "Preview", "Review", "Updates", "Export"), labels(Relation.EDITOR));
        assertEquals(List.of("Dashboard"), labels(Relation.VIEWER));
        assertEquals(List.of(), labels(Relation.NONE));
        List<CampaignNav.Link> links = CampaignNav.links("my-campaign", Relation.OWNER, CampaignNav.Page.REVIEW);
        assertEquals("/organise/campaigns/my-campaign/review", links.get(3).href());
        assertTrue(links.get(3).current());
        assertEquals(1, links.stream().filter(CampaignNav.Link::current).count());
    }

    @Test
    void aReviewGroupBecomesTheSelectionOfWhatThePageCounted() {
        Instant from = Instant.parse("2026-05-01T09:00:00Z");
        assertEquals(new Selection("abc_-1", null, from, null), ReviewChoice.of("address", "abc_-1", "2026-05-01T09:00:00Z").selection());
        assertEquals(new Selection(null, "example.org", from, null), ReviewChoice.of("domain", "example.org", "2026-05-01T09:00:00Z").selection());
        assertEquals(new Selection(null, null, from, from.plusSeconds(60)), ReviewChoice.of("minute", "2026-05-01T09:00:00Z", null).selection());
        assertThrows(InvalidInputException.class, () -> ReviewChoice.of("address", "a b", null));
        assertThrows(InvalidInputException.class, () -> ReviewChoice.of("domain", "Example.ORG", null));
        assertThrows(InvalidInputException.class, () -> ReviewChoice.of("minute", "yesterday", null));
        assertThrows(InvalidInputException.class, () -> ReviewChoice.of("everything", "x", null));
        assertThrows(InvalidInputException.class, () -> ReviewChoice.of("domain", "example.org", "not a time"));
    }
}

package org.groundswell.campaign;

import org.groundswell.campaign.CampaignAccess.Action;
import org.groundswell.campaign.CampaignAccess.Decision;
import org.groundswell.campaign.CampaignAccess.Relation;
import org.groundswell.campaign.CampaignAccess.Requester;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The roles table of the README, row by row, without Quarkus. */
class CampaignAccessTest {

    private static Set<Action> allowed(Relation relation) {
        Set<Action> allowed = EnumSet.noneOf(Action.class);
        for (Action action : Action.values()) {
            if (CampaignAccess.decide(relation, action) == Decision.ALLOW) {
                allowed.add(action);
            }
        }
        return allowed;
    }

    @Test
    void theOwnerMayDoEverything() {
        assertEquals(EnumSet.allOf(Action.class), allowed(Relation.OWNER));
    }

    @Test
    void anEditorMayDoEverythingButTheTeamAndDeleting() {
        assertEquals(EnumSet.of(Action.VIEW, Action.EDIT, Action.SEE_SUPPORTERS, Action.EXPORT, Action.REVIEW, Action.SEND_UPDATES),
                allowed(Relation.EDITOR));
        assertEquals(Decision.FORBIDDEN, CampaignAccess.decide(Relation.EDITOR, Action.MANAGE_TEAM));
        assertEquals(Decision.FORBIDDEN, CampaignAccess.decide(Relation.EDITOR, Action.DELETE));
    }

    @Test
    void aViewerSeesTheDashboardOnly() {
        assertEquals(EnumSet.of(Action.VIEW), allowed(Relation.VIEWER));
        for (Action action : EnumSet.of(Action.EDIT, Action.SEE_SUPPORTERS, Action.EXPORT, Action.SEND_UPDATES, Action.REVIEW)) {
            assertEquals(Decision.FORBIDDEN, CampaignAccess.decide(Relation.VIEWER, action), action.name());
        }
    }

    @Test
    void theAdminViewsAndReviews() {
        assertEquals(EnumSet.of(Action.VIEW, Action.REVIEW), allowed(Relation.ADMIN));
    }

    @Test
    void withoutARelationTheCampaignDoesNotExist() {
        for (Action action : Action.values()) {
            assertEquals(Decision.NOT_FOUND, CampaignAccess.decide(Relation.NONE, action), action.name());
        }
    }

    @Test
    void theRelationComesFromTheOwnerTheTeamOrTheAdminToken() {
        assertEquals(Relation.OWNER, new Requester(false, 7L, "ada@example.org").relationTo(7, Relation.VIEWER));
        assertEquals(Relation.VIEWER, new Requester(false, 8L, "ada@example.org").relationTo(7, Relation.VIEWER));
        assertEquals(Relation.EDITOR, new Requester(false, null, "ada@example.org").relationTo(7, Relation.EDITOR));
        assertEquals(Relation.NONE, new Requester(false, 8L, "ada@example.org").relationTo(7, null));
        assertEquals(Relation.ADMIN, new Requester(true, null, null).relationTo(7, null));
        assertEquals(Relation.NONE, Requester.ANONYMOUS.relationTo(7, null));
    }
}

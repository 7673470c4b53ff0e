package org.groundswell.campaign;

import org.groundswell.campaign.CampaignAccess.Action;
import org.groundswell.campaign.CampaignAccess.Decision;
import org.groundswell.campaign.CampaignAccess.Relation;
import org.groundswell.campaign.CampaignAccess.Requester;
import org.groundswell.security.PartnerKey;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
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
    void aPartnerKeySeesSupportersSignsForOthersAndManagesWebhooksOnly() {
        assertEquals(EnumSet.of(Action.VIEW, Action.SEE_SUPPORTERS, Action.RECORD_SIGNATURES, Action.MANAGE_WEBHOOKS),
                allowed(Relation.PARTNER));
        for (Action action : EnumSet.of(Action.EDIT, Action.EXPORT, Action.REVIEW, Action.SEND_UPDATES, Action.MANAGE_TEAM, Action.DELETE)) {
            assertEquals(Decision.FORBIDDEN, CampaignAccess.decide(Relation.PARTNER, action), action.name());
        }
    }

    @Test
    void onlyTheOwnerRecordsSignaturesForOthersBesidesAKey() {
        for (Relation relation : List.of(Relation.EDITOR, Relation.VIEWER, Relation.ADMIN)) {
            assertEquals(Decision.FORBIDDEN, CampaignAccess.decide(relation, Action.RECORD_SIGNATURES), relation.name());
        }
        assertEquals(Decision.ALLOW, CampaignAccess.decide(Relation.OWNER, Action.RECORD_SIGNATURES));
    }

    @Test
    void aKeyIsItsOrganisersPartnerOnTheCampaignsItCoversAndNothingElsewhere() {
        Requester forAll = new Requester(false, null, null, new PartnerKey(1, 7, Set.of(), "partner-site"));
        assertEquals(Relation.PARTNER, forAll.relationTo(70, 7, null), "a key that lists none covers every campaign of its organiser");
        assertEquals(Relation.PARTNER, forAll.relationTo(71, 7, null));
        assertEquals(Relation.NONE, forAll.relationTo(80, 8, null), "another organiser's campaign does not exist for it");

        Requester forOne = new Requester(false, null, null, new PartnerKey(2, 7, Set.of(70L), "partner-site"));
        assertEquals(Relation.PARTNER, forOne.relationTo(70, 7, null));
        assertEquals(Relation.NONE, forOne.relationTo(71, 7, null), "its organiser's other campaign does not exist for it");
        assertEquals(Decision.NOT_FOUND, CampaignAccess.decide(forOne.relationTo(71, 7, null), Action.RECORD_SIGNATURES));

        Requester keyWithMore = new Requester(true, 7L, "ada@example.org", new PartnerKey(3, 7, Set.of(70L), "x"));
        assertEquals(Relation.NONE, keyWithMore.relationTo(71, 7, Relation.EDITOR), "a key is never more than a key");
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
        assertEquals(Relation.OWNER, new Requester(false, 7L, "ada@example.org").relationTo(70, 7, Relation.VIEWER));
        assertEquals(Relation.VIEWER, new Requester(false, 8L, "ada@example.org").relationTo(70, 7, Relation.VIEWER));
        assertEquals(Relation.EDITOR, new Requester(false, null, "ada@example.org").relationTo(70, 7, Relation.EDITOR));
        assertEquals(Relation.NONE, new Requester(false, 8L, "ada@example.org").relationTo(70, 7, null));
        assertEquals(Relation.ADMIN, new Requester(true, null, null).relationTo(70, 7, null));
        assertEquals(Relation.NONE, Requester.ANONYMOUS.relationTo(70, 7, null));
    }
}

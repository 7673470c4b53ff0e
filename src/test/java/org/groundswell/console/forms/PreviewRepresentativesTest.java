package org.groundswell.console.forms;

import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.StepKind;
import org.groundswell.campaign.TargetType;
import org.groundswell.congress.CongressDirectory;
import org.groundswell.congress.Legislator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The preview's "who represents this place": the place's members of Congress, marked by whether a step addresses them. */
class PreviewRepresentativesTest {

    private static final CongressDirectory.Delegation WASHINGTON = new CongressDirectory.Delegation(
            List.of(member("sen", null, "Maria Cantwell", "Cantwell"), member("sen", null, "Patty Murray", "Murray")),
            List.of(member("rep", 7, "Pramila Jayapal", "Jayapal"), member("rep", 9, "Adam Smith", "Smith")));

    @Test
    void aSenatorsAndFixedCampaignAddressesTheSenatorsButNotTheHouseMember() {
        List<PreviewPage.Representative> found = PreviewPage.representatives(WASHINGTON, 7,
                List.of(step(TargetType.SENATORS), step(TargetType.FIXED)));
        assertEquals(List.of(
                new PreviewPage.Representative("Senator Maria Cantwell", "Democrat", "202-224-3441", true),
                new PreviewPage.Representative("Senator Patty Murray", "Democrat", "202-224-3441", true),
                new PreviewPage.Representative("Representative Pramila Jayapal", "Democrat", "202-224-3441", false)), found);
    }

    @Test
    void aHouseStepAddressesTheHouseMemberOnly() {
        List<PreviewPage.Representative> found = PreviewPage.representatives(WASHINGTON, 7, List.of(step(TargetType.HOUSE_REPRESENTATIVE)));
        assertEquals(List.of(false, false, true), found.stream().map(PreviewPage.Representative::addressed).toList());
    }

    @Test
    void withoutADistrictEveryHouseMemberOfTheStateIsNamed() {
        List<PreviewPage.Representative> found = PreviewPage.representatives(WASHINGTON, null, List.of());
        assertEquals(List.of("Senator Maria Cantwell", "Senator Patty Murray", "Representative Pramila Jayapal", "Representative Adam Smith"),
                found.stream().map(PreviewPage.Representative::title).toList());
        assertEquals(List.of(false, false, false, false), found.stream().map(PreviewPage.Representative::addressed).toList());
    }

    @Test
    void aDistrictWithNoMemberOnRecordNamesTheSenatorsOnly() {
        assertEquals(2, PreviewPage.representatives(WASHINGTON, 3, List.of(step(TargetType.SENATORS))).size());
    }

    private static Legislator member(String chamber, Integer district, String fullName, String lastName) {
        Legislator legislator = new Legislator();
        legislator.chamber = chamber;
        legislator.state = "WA";
        legislator.district = district;
        legislator.fullName = fullName;
        legislator.lastName = lastName;
        legislator.party = "Democrat";
        legislator.phone = "202-224-3441";
        legislator.active = true;
        return legislator;
    }

    private static CampaignSnapshot.Step step(TargetType target) {
        return new CampaignSnapshot.Step(1, StepKind.EMAIL, "A step", "Do it.", target, null, null, null, null, null, null, null);
    }
}

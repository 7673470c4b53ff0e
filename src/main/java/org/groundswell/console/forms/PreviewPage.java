package org.groundswell.console.forms;

import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.TargetType;
import org.groundswell.congress.CongressDirectory;
import org.groundswell.congress.Legislator;
import org.groundswell.web.Places;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The preview of a campaign for one supporter: the place and name asked for (as typed, with what is wrong with
 * them), and, when they are right, the confirmed page's content and the steps mail as rendered for real
 * ({@code pageHtml}, {@code mailHtml}: rendered by the escaping templates of the page and the mail), with who
 * represents that place in Congress, whether or not the campaign's steps address them ({@code representatives}:
 * empty outside the United States).
 */
public record PreviewPage(CampaignSnapshot campaign, String country, String region, String district, String name,
                          Map<String, String> errors, String pageHtml, String mailSubject, String mailHtml, String mailText,
                          List<Representative> representatives) {

    /** A member of Congress for the place; {@code addressed}: a step of this campaign is addressed to them. */
    public record Representative(String title, String party, String phone, boolean addressed) {
    }

    /**
     * The place's senators, then its House member (all of the state's when no district is given), each marked as
     * addressed when a step of the campaign goes to the supporter's senators or House member.
     */
    static List<Representative> representatives(CongressDirectory.Delegation delegation, Integer district,
                                                List<CampaignSnapshot.Step> steps) {
        boolean senators = steps.stream().anyMatch(step -> step.targetType() == TargetType.SENATORS);
        boolean house = steps.stream().anyMatch(step -> step.targetType() == TargetType.HOUSE_REPRESENTATIVE);
        List<Representative> found = new ArrayList<>();
        for (Legislator senator : delegation.senators()) {
            found.add(new Representative(senator.title(), senator.party, senator.phone, senators));
        }
        for (Legislator member : district == null ? delegation.houseMembers() : delegation.houseMember(district)) {
            found.add(new Representative(member.title(), member.party, member.phone, house));
        }
        return found;
    }

    public boolean inUnitedStates() {
        return "US".equals(country);
    }

    public List<Places.Choice> countries() {
        return Places.COUNTRIES;
    }

    public List<Places.Choice> states() {
        return Places.US_STATES;
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean rendered() {
        return pageHtml != null;
    }

    public String statusLabel() {
        String status = campaign.status().name();
        return status.charAt(0) + status.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The inside of an element of a page rendered whole: what {@code <main ...>} or {@code <body ...>} holds. */
    static String inside(String html, String tag) {
        int open = html.indexOf("<" + tag);
        int start = open < 0 ? -1 : html.indexOf('>', open);
        int end = html.lastIndexOf("</" + tag + ">");
        return start < 0 || end < start ? html : html.substring(start + 1, end).strip();
    }
}

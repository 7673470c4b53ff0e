package org.groundswell.console.forms;

import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.web.Places;

import java.util.List;
import java.util.Map;

/**
 * The preview of a campaign for one supporter: the place and name asked for (as typed, with what is wrong with
 * them), and, when they are right, the confirmed page's content and the steps mail as rendered for real
 * ({@code pageHtml}, {@code mailHtml}: rendered by the escaping templates of the page and the mail).
 */
public record PreviewPage(CampaignSnapshot campaign, String country, String region, String district, String name,
                          Map<String, String> errors, String pageHtml, String mailSubject, String mailHtml, String mailText) {

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

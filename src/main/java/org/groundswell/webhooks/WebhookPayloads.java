package org.groundswell.webhooks;

import org.groundswell.campaign.CampaignClosed;
import org.groundswell.campaign.MilestoneReached;
import org.groundswell.osdi.OsdiDocuments;
import org.groundswell.signature.Signature;
import org.groundswell.signature.SignatureConfirmed;
import org.groundswell.updates.UpdateSent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} of each event, in the shape of OSDI (Open Supporter Data Interface) documents: identifiers
 * {@code groundswell:<id>}, {@code created_date}, {@code action_date}, the petition by identifier and slug. A
 * signature is the OSDI API's own document ({@link OsdiDocuments#signature}): it names its person (names, e-mail,
 * postal code) only when the supporter agreed to hear from the organiser.
 */
final class WebhookPayloads {

    static final String SIGNATURE_CONFIRMED = "signature.confirmed";
    static final String MILESTONE_REACHED = "milestone.reached";
    static final String CAMPAIGN_CLOSED = "campaign.closed";
    static final String UPDATE_SENT = "update.sent";
    static final List<String> TYPES = List.of(SIGNATURE_CONFIRMED, MILESTONE_REACHED, CAMPAIGN_CLOSED, UPDATE_SENT);

    private WebhookPayloads() {
    }

    /** The whole body: {type, timestamp, data}. */
    static Map<String, Object> body(String type, Instant timestamp, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", timestamp.toString());
        body.put("data", data);
        return body;
    }

    /** The confirmed signature as the OSDI API shows it ({@link OsdiDocuments#signature}), with its petition. */
    static Map<String, Object> signature(SignatureConfirmed event) {
        Signature s = event.signature();
        Map<String, Object> data = OsdiDocuments.signature(s);
        data.put("petition", petition(event.campaign().slug(), event.campaign().title()));
        data.put("consent_to_updates", s.consentToUpdates);
        return data;
    }

    static Map<String, Object> milestone(MilestoneReached event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("petition", petition(event.slug(), event.title()));
        data.put("percent", event.percent());
        data.put("total_signatures", event.count());
        data.put("goal", event.goal());
        data.put("action_date", event.at().toString());
        return data;
    }

    static Map<String, Object> closed(CampaignClosed event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("petition", petition(event.slug(), event.title()));
        data.put("total_signatures", event.signatureCount());
        data.put("closed_date", event.closedAt().toString());
        return data;
    }

    static Map<String, Object> update(UpdateSent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("identifiers", List.of("groundswell:update-" + event.updateId()));
        data.put("petition", petition(event.slug(), event.title()));
        data.put("subject", event.subject());
        data.put("body", event.body());
        data.put("recipients", event.recipients());
        data.put("created_date", event.at().toString());
        return data;
    }

    private static Map<String, Object> petition(String slug, String title) {
        Map<String, Object> petition = new LinkedHashMap<>();
        petition.put("identifiers", new ArrayList<>(List.of(OsdiDocuments.identifier(slug))));
        petition.put("slug", slug);
        petition.put("title", title);
        return petition;
    }
}

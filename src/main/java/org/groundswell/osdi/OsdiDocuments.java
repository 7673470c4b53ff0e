package org.groundswell.osdi;

import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.TargetType;
import org.groundswell.signature.Signature;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Our records as OSDI v1.2 documents (field names as OSDI spells them), the one mapping for the OSDI API and the
 * webhooks' {@code data}. A signature names its person (given and family name, e-mail address, postal code) only when
 * the supporter agreed to hear from the organiser ({@code consent_to_updates}); otherwise only region and country.
 */
public final class OsdiDocuments {

    /** Our {@code origin_system}, and the vendor and product of the entry point. */
    public static final String ORIGIN_SYSTEM = "Groundswell";

    /** The prefix of our identifiers ({@code groundswell:<id>}) and of our extension fields. */
    public static final String NAMESPACE = "groundswell";

    private OsdiDocuments() {
    }

    public static String identifier(Object id) {
        return NAMESPACE + ":" + id;
    }

    /** The petition, with its links; {@code total_signatures} is the campaign's confirmed count (the tally's). */
    public static Map<String, Object> petition(CampaignSnapshot campaign, OsdiLinks links) {
        Map<String, Object> petition = new LinkedHashMap<>();
        petition.put("identifiers", List.of(identifier(campaign.slug())));
        petition.put("origin_system", ORIGIN_SYSTEM);
        petition.put("created_date", date(campaign.createdAt()));
        petition.put("modified_date", date(campaign.updatedAt() != null ? campaign.updatedAt() : campaign.createdAt()));
        petition.put("title", campaign.title());
        petition.put("summary", campaign.summary());
        petition.put("description", campaign.body());
        petition.put("petition_text", campaign.body());
        petition.put("browser_url", links.browserUrl(campaign.slug()));
        petition.put("total_signatures", campaign.signatureCount());
        petition.put("target", targets(campaign).stream().map(name -> Map.of("name", name)).toList());
        Map<String, Object> petitionLinks = new LinkedHashMap<>();
        petitionLinks.put("self", OsdiLinks.link(links.petition(campaign.slug())));
        petitionLinks.put("osdi:signatures", OsdiLinks.link(links.signatures(campaign.slug())));
        petitionLinks.put("osdi:record_signature_helper", OsdiLinks.link(links.recordSignatureHelper(campaign.slug())));
        petitionLinks.put("curies", OsdiLinks.curies());
        petition.put("_links", petitionLinks);
        return petition;
    }

    /** The names of the campaign's targets, once each, in the order of its steps. */
    static List<String> targets(CampaignSnapshot campaign) {
        Set<String> names = new LinkedHashSet<>();
        for (CampaignSnapshot.Step step : campaign.steps()) {
            if (step.targetType() == TargetType.SENATORS) {
                names.add("The signer's U.S. senators");
            } else if (step.targetType() == TargetType.HOUSE_REPRESENTATIVE) {
                names.add("The signer's U.S. representative");
            } else if (step.targetName() != null && !step.targetName().isBlank()) {
                names.add(step.targetName());
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * A confirmed signature: {@code identifiers}, {@code origin_system}, {@code created_date}, {@code modified_date},
     * {@code action_date} (when it was confirmed) and its {@code person}. No links: the webhooks send it as it is.
     */
    public static Map<String, Object> signature(Signature s) {
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("identifiers", List.of(identifier(s.id)));
        signature.put("origin_system", s.originSystem != null ? s.originSystem : ORIGIN_SYSTEM);
        signature.put("created_date", date(s.createdAt));
        Instant modified = s.confirmedAt != null ? s.confirmedAt : s.createdAt;
        signature.put("modified_date", date(modified));
        if (s.confirmedAt != null) {
            signature.put("action_date", date(s.confirmedAt));
        }
        signature.put("person", person(s));
        return signature;
    }

    /** A confirmed signature in a petition's signatures collection: {@link #signature} with its links. */
    public static Map<String, Object> signature(Signature s, String slug, OsdiLinks links) {
        Map<String, Object> signature = signature(s);
        signature.put("_links", Map.of("osdi:petition", OsdiLinks.link(links.petition(slug))));
        return signature;
    }

    /**
     * The person who signed: names, e-mail address (primary, "subscribed") and postal code only with consent to hear
     * from the organiser; region and country always (they are counted publicly anyway).
     */
    static Map<String, Object> person(Signature s) {
        Map<String, Object> person = new LinkedHashMap<>();
        Map<String, Object> postal = new LinkedHashMap<>();
        if (s.consentToUpdates) {
            PersonNames.Split name = PersonNames.split(s.name);
            if (name != null) {
                person.put("given_name", name.given());
                if (name.family() != null) {
                    person.put("family_name", name.family());
                }
            }
            if (s.email != null) {
                Map<String, Object> email = new LinkedHashMap<>();
                email.put("address", s.email);
                email.put("primary", true);
                email.put("status", RecordSignatureRequest.SUBSCRIBED);
                person.put("email_addresses", List.of(email));
            }
            putIfPresent(postal, "postal_code", s.postalCode);
        }
        putIfPresent(postal, "region", s.region);
        putIfPresent(postal, "country", s.country);
        if (!postal.isEmpty()) {
            postal.put("primary", true);
            person.put("postal_addresses", List.of(postal));
        }
        return person;
    }

    /** A HAL collection page: OSDI's paging fields, self/next/previous, the items' links and the items embedded. */
    public static Map<String, Object> page(String relation, List<Map<String, Object>> items, int page, int perPage,
                                           long totalRecords, PageLinks pageLinks) {
        int totalPages = totalPages(totalRecords, perPage);
        return page(relation, items, page, perPage, totalRecords, pageLinks.at(page),
                page < totalPages ? pageLinks.at(page + 1) : null,
                page > 1 ? pageLinks.at(Math.min(page - 1, Math.max(totalPages, 1))) : null);
    }

    /**
     * A HAL collection page with its links given: {@code next} and {@code previous} when not null, {@code page} when
     * known (a page reached by a cursor may not know its number).
     */
    public static Map<String, Object> page(String relation, List<Map<String, Object>> items, Integer page, int perPage,
                                           long totalRecords, String self, String next, String previous) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("total_pages", totalPages(totalRecords, perPage));
        document.put("per_page", perPage);
        if (page != null) {
            document.put("page", page);
        }
        document.put("total_records", totalRecords);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", OsdiLinks.link(self));
        if (next != null) {
            links.put("next", OsdiLinks.link(next));
        }
        if (previous != null) {
            links.put("previous", OsdiLinks.link(previous));
        }
        links.put(relation, items.stream().map(OsdiDocuments::selfOf).filter(java.util.Objects::nonNull).toList());
        links.put("curies", OsdiLinks.curies());
        document.put("_links", links);
        document.put("_embedded", Map.of(relation, items));
        return document;
    }

    private static int totalPages(long totalRecords, int perPage) {
        return (int) Math.min(Integer.MAX_VALUE, (Math.max(0, totalRecords) + perPage - 1) / perPage);
    }

    /** The address of a collection's page. */
    public interface PageLinks {
        String at(int page);
    }

    /** An item's own link, if it has one (a signature has none: we serve no signature on its own). */
    private static Object selfOf(Map<String, Object> item) {
        return item.get("_links") instanceof Map<?, ?> links ? links.get("self") : null;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            map.put(key, value);
        }
    }

    static String date(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

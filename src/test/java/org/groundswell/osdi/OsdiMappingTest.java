package org.groundswell.osdi;

import org.groundswell.common.FieldError;
import org.groundswell.signature.Signature;
import org.groundswell.signature.SignatureInput;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mapping between our records and OSDI's documents, without Quarkus. */
class OsdiMappingTest {

    @Test
    void namesSplitAtTheLastWordAndJoinBack() {
        assertEquals(new PersonNames.Split("Ada King", "Lovelace"), PersonNames.split("  Ada  King Lovelace "));
        assertEquals(new PersonNames.Split("Cher", null), PersonNames.split("Cher"));
        assertNull(PersonNames.split("  "));
        assertNull(PersonNames.split(null));
        assertEquals("Ada Lovelace", PersonNames.join(" Ada ", "Lovelace "));
        assertEquals("Cher", PersonNames.join("Cher", null));
        assertEquals("Lovelace", PersonNames.join(null, "Lovelace"));
        assertNull(PersonNames.join(" ", null));
    }

    @Test
    void theHelperBodyMapsOntoOurSignatureWithThePrimaryAddresses() {
        RecordSignatureRequest request = new RecordSignatureRequest(new RecordSignatureRequest.Person("Ada", "Lovelace",
                List.of(new RecordSignatureRequest.EmailAddress("old@example.org", false, null),
                        new RecordSignatureRequest.EmailAddress("ada@example.org", true, " Subscribed ")),
                List.of(new RecordSignatureRequest.PostalAddress("SW1A 1AA", null, "GB", null))),
                "a comment", null);
        assertEquals(new SignatureInput("Ada Lovelace", "ada@example.org", "GB", null, "SW1A 1AA", null, true),
                request.toSignatureInput());
        assertEquals("person.email_addresses[1].address", request.osdiField("email"));
        assertEquals("person.email_addresses[1].status", request.osdiField("consentToUpdates"));
        assertEquals("person.postal_addresses[0].postal_code", request.osdiField("postalCode"));
        assertEquals("person.given_name", request.osdiField("name"));
        assertEquals(List.of(new FieldError("person.postal_addresses[0].country", "must not be null")),
                request.inOsdiTerms(List.of(new FieldError("country", "must not be null"))));
    }

    @Test
    void consentIsOnlySubscribed() {
        for (String status : new String[]{null, "unsubscribed", "bouncing", ""}) {
            RecordSignatureRequest request = new RecordSignatureRequest(new RecordSignatureRequest.Person("A", null,
                    List.of(new RecordSignatureRequest.EmailAddress("a@example.org", null, status)), List.of()), null, null);
            assertFalse(request.toSignatureInput().consentToUpdates(), String.valueOf(status));
        }
    }

    @Test
    void anEmptyBodyIsAnEmptySignatureWithErrorsAtTheFirstAddresses() {
        RecordSignatureRequest empty = new RecordSignatureRequest(null, null, null);
        SignatureInput input = empty.toSignatureInput();
        assertNull(input.name());
        assertNull(input.email());
        assertNull(input.country());
        assertEquals("person.email_addresses[0].address", empty.osdiField("email"));
        assertEquals("person.postal_addresses[0].country", empty.osdiField("country"));
    }

    @Test
    void aSignatureNamesItsPersonOnlyWithConsent() {
        Signature consenting = signature(7L, "Ada King Lovelace", "ada@example.org", true);
        Map<String, Object> document = OsdiDocuments.signature(consenting);
        assertEquals(List.of("groundswell:7"), document.get("identifiers"));
        assertEquals("Groundswell", document.get("origin_system"));
        assertEquals("2026-01-02T03:04:05Z", document.get("action_date"));
        assertEquals(Map.of("given_name", "Ada King", "family_name", "Lovelace",
                "email_addresses", List.of(Map.of("address", "ada@example.org", "primary", true, "status", "subscribed")),
                "postal_addresses", List.of(Map.of("postal_code", "SW1A 1AA", "region", "London", "country", "GB", "primary", true))),
                document.get("person"));

        Map<String, Object> quiet = OsdiDocuments.signature(signature(8L, "Quiet Person", "quiet@example.org", false));
        assertEquals(Map.of("postal_addresses", List.of(Map.of("region", "London", "country", "GB", "primary", true))),
                quiet.get("person"));
        assertFalse(quiet.toString().contains("quiet@example.org"));
        assertFalse(quiet.toString().contains("SW1A"));
    }

    @Test
    void pagesLinkToTheirNeighbours() {
        Map<String, Object> middle = OsdiDocuments.page("osdi:things", List.of(), 2, 10, 25, p -> "/things?page=" + p);
        assertEquals(3, middle.get("total_pages"));
        Map<?, ?> links = (Map<?, ?>) middle.get("_links");
        assertEquals(Map.of("href", "/things?page=3"), links.get("next"));
        assertEquals(Map.of("href", "/things?page=1"), links.get("previous"));
        Map<?, ?> empty = (Map<?, ?>) OsdiDocuments.page("osdi:things", List.of(), 1, 10, 0, p -> "/p" + p).get("_links");
        assertFalse(empty.containsKey("next"));
        assertFalse(empty.containsKey("previous"));
        Map<?, ?> beyond = (Map<?, ?>) OsdiDocuments.page("osdi:things", List.of(), 9, 10, 25, p -> "/p" + p).get("_links");
        assertEquals(Map.of("href", "/p3"), beyond.get("previous"), "past the end, previous is the last page");
        assertTrue(OsdiService.pageSize(1000) == 100 && OsdiService.pageSize(7) == 7);
        assertEquals("my-slug", OsdiService.slugOf("groundswell:my-slug"));
        assertEquals("my-slug", OsdiService.slugOf("my-slug"));
    }

    private static Signature signature(long id, String name, String email, boolean consent) {
        Signature s = new Signature();
        s.id = id;
        s.name = name;
        s.email = email;
        s.country = "GB";
        s.region = "London";
        s.postalCode = "SW1A 1AA";
        s.consentToUpdates = consent;
        s.createdAt = Instant.parse("2026-01-02T03:00:00Z");
        s.confirmedAt = Instant.parse("2026-01-02T03:04:05Z");
        return s;
    }
}

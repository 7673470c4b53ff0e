package org.groundswell.common;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmailAddressesTest {

    @Test
    void normalisesCaseSpacesAndInternationalDomains() {
        assertEquals(Optional.of("ada.lovelace+petitions@example.org"), EmailAddresses.normalise("  Ada.Lovelace+Petitions@Example.ORG "));
        assertEquals(Optional.of("jose@xn--bcher-kva.example"), EmailAddresses.normalise("jose@bücher.example"));
        assertEquals(Optional.of("o'brien@example.ie"), EmailAddresses.normalise("o'brien@example.ie"));
    }

    @Test
    void refusesWhatCannotBeDeliveredSafely() {
        for (String bad : new String[]{null, "", "plain", "@example.org", "a@", "a@b@example.org", "a@localhost",
                "a..b@example.org", ".a@example.org", "a@-example.org", "a b@example.org", "a@example.org\r\nBcc: x@y.org",
                "\"quoted\"@example.org", "x".repeat(65) + "@example.org", "a@" + "b".repeat(250) + ".org", "a@example.1"}) {
            assertEquals(Optional.empty(), EmailAddresses.normalise(bad), String.valueOf(bad));
        }
    }
}

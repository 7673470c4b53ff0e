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

    @Test
    void theCanonicalMailboxDropsCaseTagsAndTheDotsGmailIgnores() {
        assertEquals("ada@example.org", EmailAddresses.mailbox("ada+petitions@example.org"));
        assertEquals("ada.lovelace@example.org", EmailAddresses.mailbox("ada.lovelace+x@example.org"), "dots count elsewhere");
        assertEquals("ada@example.org", EmailAddresses.mailbox("Ada+X@Example.org"));
        for (String variant : new String[]{"johnsmith@gmail.com", "j.o.hn.smith@gmail.com", "john.smith+petitions@gmail.com",
                "johnsmith@googlemail.com", "J.O.H.N.S.M.I.T.H@GoogleMail.com", "john.smith+a.b@googlemail.com"}) {
            assertEquals("johnsmith@gmail.com", EmailAddresses.mailbox(EmailAddresses.normalise(variant).orElseThrow()), variant);
        }
        assertEquals("john.smith@mail.gmail.com", EmailAddresses.mailbox("john.smith@mail.gmail.com"), "only the provider's own domains");
        assertEquals("john.smith@gmail.co", EmailAddresses.mailbox("john.smith@gmail.co"));
    }
}

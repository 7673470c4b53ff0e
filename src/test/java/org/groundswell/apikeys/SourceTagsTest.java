package org.groundswell.apikeys;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The source tags of keys, without Quarkus. */
class SourceTagsTest {

    @Test
    void aTagIsMadeFromTheNameWhenNoneIsGiven() {
        assertEquals("partner-site", SourceTags.fromName("Partner site"));
        assertEquals("friends-of-the-earth-ca", SourceTags.fromName("  Friends of the Earth (CA)!  "));
        assertEquals("cafe-reseau", SourceTags.fromName("Café Réseau"));
        assertEquals("partner", SourceTags.fromName("!!!"), "nothing left: a plain word");
        String long40 = SourceTags.fromName("a".repeat(39) + " b c");
        assertTrue(long40.length() <= SourceTags.MAX_LENGTH && SourceTags.isValid(long40), long40);
        assertEquals(Optional.of("partner-site"), SourceTags.choose(null, "Partner site"));
        assertEquals(Optional.of("partner-site"), SourceTags.choose("  ", "Partner site"));
    }

    @Test
    void aGivenTagMustBeShortLowerCaseLettersDigitsAndDashes() {
        assertEquals(Optional.of("crm-2"), SourceTags.choose("crm-2", "whatever"));
        for (String bad : new String[] {"Partner", "two words", "-lead", "trail-", "dou--ble", "a".repeat(41), "<script>", "näh"}) {
            assertFalse(SourceTags.isValid(bad), bad);
            assertEquals(Optional.empty(), SourceTags.choose(bad, "name"), bad);
        }
    }
}

package org.groundswell.congress;

import org.groundswell.common.InvalidInputException;
import org.groundswell.support.LegislatorData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LegislatorFileTest {

    private static List<LegislatorFile.Member> parse(String yaml) {
        return LegislatorFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String MEMBER = """
            - id: {bioguide: J000298}
              name: {first: Pramila, last: Jayapal, official_full: Pramila Jayapal}
              terms:
              - {type: rep, state: WA, district: 9, party: Democrat}
              - {type: rep, state: WA, district: 7, party: Democrat, phone: 202-225-3106, url: 'https://jayapal.house.gov', contact_form: 'javascript:alert(1)'}
            """;

    @Test
    void theSampleFileHoldsEveryMemberInTheirCurrentTerm() {
        List<LegislatorFile.Member> members = LegislatorFile.parse(new ByteArrayInputStream(LegislatorData.originalBytes()));
        assertEquals(38, members.size());
        assertEquals(14, members.stream().filter(m -> m.chamber().equals(Legislator.SENATE)).count());
        LegislatorFile.Member cantwell = members.stream().filter(m -> m.bioguide().equals("C000127")).findFirst().orElseThrow();
        assertEquals(Legislator.SENATE, cantwell.chamber(), "the last term, not the first (House) one");
        assertNull(cantwell.district());
        assertEquals("https://www.cantwell.senate.gov/public/index.cfm/email-maria", cantwell.contactForm());
        LegislatorFile.Member perez = members.stream().filter(m -> m.bioguide().equals("G000600")).findFirst().orElseThrow();
        assertEquals("Gluesenkamp Perez", perez.lastName());
    }

    @Test
    void takesTheLastTermAndOnlyWebLinks() {
        LegislatorFile.Member jayapal = parse(MEMBER).get(0);
        assertEquals("J000298", jayapal.bioguide());
        assertEquals(7, jayapal.district());
        assertEquals("Pramila Jayapal", jayapal.fullName());
        assertEquals("https://jayapal.house.gov", jayapal.url());
        assertNull(jayapal.contactForm(), "a javascript: link is dropped");
    }

    @Test
    void refusesTheWholeFileForOneBadEntry() {
        for (String bad : new String[]{"[]", "not: [a list", "{}", MEMBER + MEMBER,
                MEMBER + "- id: {bioguide: X1}\n  name: {last: X}\n  terms: []\n",
                MEMBER.replace("state: WA, district: 7", "state: ZZ, district: 7"),
                MEMBER.replace("district: 7,", "district: 120,"),
                MEMBER.replace("type: rep, state: WA, district: 7", "type: gov, state: WA, district: 7")}) {
            assertThrows(InvalidInputException.class, () -> parse(bad), bad);
        }
    }
}

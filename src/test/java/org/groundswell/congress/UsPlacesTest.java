package org.groundswell.congress;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsPlacesTest {

    private final UsPlaces places = new UsPlaces(Map.of("WA", 10, "WY", 0)::get);

    @Test
    void aUsSupporterGetsAnUpperCaseStateAndAValidDistrict() {
        UsPlaces.Checked checked = places.forSupporter("us", " wa ", 7);
        assertTrue(checked.isValid());
        assertEquals(new UsPlaces.Place("WA", 7), checked.place());
        assertEquals(new UsPlaces.Place("WY", 0), places.forSupporter("US", "WY", 0).place());
        assertEquals(new UsPlaces.Place("TX", 40), places.forSupporter("US", "TX", 40).place(), "no members loaded for TX: up to 53");
        assertEquals(new UsPlaces.Place(null, null), places.forSupporter("US", " ", null).place());
    }

    @Test
    void districtsOutsideTheStateOrTheCountryAreFieldErrors() {
        assertEquals("district", places.forSupporter("US", "WA", 11).errors().get(0).field());
        assertEquals("district", places.forSupporter("US", "WA", 0).errors().get(0).field());
        assertEquals("district", places.forSupporter("US", "WY", 1).errors().get(0).field());
        assertEquals("district", places.forSupporter("US", "TX", 54).errors().get(0).field());
        assertEquals("district", places.forSupporter("US", null, 7).errors().get(0).field());
        assertEquals("district", places.forSupporter("GB", "Kent", 7).errors().get(0).field());
        assertEquals("region", places.forSupporter("US", "Washington", null).errors().get(0).field());
    }

    @Test
    void elsewhereTheRegionIsFreeText() {
        assertEquals(new UsPlaces.Place("Kent", null), places.forSupporter("GB", " Kent ", null).place());
    }

    @Test
    void districtTextIsDigitsOrNothing() {
        assertEquals(new UsPlaces.DistrictText(true, 7), UsPlaces.DistrictText.parse(" 07 "));
        assertEquals(new UsPlaces.DistrictText(true, null), UsPlaces.DistrictText.parse(""));
        assertEquals(new UsPlaces.DistrictText(true, null), UsPlaces.DistrictText.parse(null));
        for (String bad : List.of("seven", "7a", "-1", "123", "+7")) {
            assertFalse(UsPlaces.DistrictText.parse(bad).valid(), bad);
        }
        assertEquals(Optional.of("WA"), places.state("wa"));
        assertEquals(Optional.empty(), places.state("XX"));
    }
}

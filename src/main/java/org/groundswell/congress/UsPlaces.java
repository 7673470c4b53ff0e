package org.groundswell.congress;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.groundswell.common.FieldError;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Checks where a supporter (or a lookup) says they are in the United States: state code and House district. */
@ApplicationScoped
public class UsPlaces {

    static final String STATE_MESSAGE = "must be the two-letter code of a U.S. state, DC or territory, such as WA";
    public static final String DISTRICT_TEXT_MESSAGE = "must be a number, such as 7 (0 for an at-large district)";

    /** A state's highest House district (0 for one at-large seat), or null when no member is stored for it. */
    private final Function<String, Integer> highestDistrict;

    @Inject
    public UsPlaces(CongressDirectory congress) {
        this(congress::highestDistrict);
    }

    UsPlaces(Function<String, Integer> highestDistrict) {
        this.highestDistrict = highestDistrict;
    }

    /** A supporter's region and district as stored: for the US an upper-case state code, elsewhere free text. */
    public record Place(String region, Integer district) {
    }

    /** Where a supporter is, or what is wrong with what they gave. */
    public record Checked(Place place, List<FieldError> errors) {

        static Checked of(String region, Integer district) {
            return new Checked(new Place(region, district), List.of());
        }

        static Checked error(String field, String message) {
            return new Checked(null, List.of(new FieldError(field, message)));
        }

        public boolean isValid() {
            return errors.isEmpty();
        }
    }

    public Checked forSupporter(String country, String region, Integer district) {
        String cleanRegion = region == null || region.isBlank() ? null : region.strip();
        if (!"US".equalsIgnoreCase(country)) {
            return district != null
                    ? Checked.error("district", "is a U.S. congressional district: only for supporters in the United States")
                    : Checked.of(cleanRegion, null);
        }
        if (cleanRegion == null) {
            return district != null ? Checked.error("district", "needs your U.S. state as region") : Checked.of(null, null);
        }
        Optional<String> state = UsStates.normalise(cleanRegion);
        if (state.isEmpty()) {
            return Checked.error("region", STATE_MESSAGE);
        }
        return districtProblem(state.get(), district)
                .map(message -> Checked.error("district", message))
                .orElseGet(() -> Checked.of(state.get(), district));
    }

    /** The state code in upper case, or empty when it is not one of ours. */
    public Optional<String> state(String code) {
        return UsStates.normalise(code);
    }

    /**
     * What is wrong with a district of a state, if anything: it must be 0 to 53, and one of the state's districts
     * when its House members are loaded (up to the highest held, so that a vacant seat below it is still valid).
     */
    public Optional<String> districtProblem(String state, Integer district) {
        if (district == null) {
            return Optional.empty();
        }
        if (district < 0 || district > UsStates.MAX_DISTRICT) {
            return Optional.of("must be a congressional district from 0 to " + UsStates.MAX_DISTRICT);
        }
        Integer highest = highestDistrict.apply(state);
        if (highest == null) {
            return Optional.empty();
        }
        if (highest == 0 && district != 0) {
            return Optional.of(state + " elects one member at large: its district is 0");
        }
        if (highest > 0 && (district < 1 || district > highest)) {
            return Optional.of("must be one of the districts of " + state + ": 1 to " + highest);
        }
        return Optional.empty();
    }

    /** A district as typed: {@code valid} unless it is neither blank nor one or two digits. */
    public record DistrictText(boolean valid, Integer district) {

        /** "7" and " 07 " are district 7; blank is no district; "seven" or "7a" is not valid. */
        public static DistrictText parse(String text) {
            if (text == null || text.isBlank()) {
                return new DistrictText(true, null);
            }
            String digits = text.strip();
            return digits.matches("[0-9]{1,2}") ? new DistrictText(true, Integer.valueOf(digits)) : new DistrictText(false, null);
        }
    }
}

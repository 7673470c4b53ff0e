package org.groundswell.target;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.problem.ProblemException;

/** Checks where a supporter (or a lookup) says they are in the United States: state code and House district. */
@ApplicationScoped
public class UsPlaces {

    private final Representatives representatives;

    public UsPlaces(Representatives representatives) {
        this.representatives = representatives;
    }

    /** A supporter's region and district as stored: for the US an upper-case state code, elsewhere free text. */
    public record Place(String region, Integer district) {
    }

    public Place forSupporter(String country, String region, Integer district) {
        String cleanRegion = region == null || region.isBlank() ? null : region.strip();
        if (!"US".equalsIgnoreCase(country)) {
            if (district != null) {
                throw ProblemException.invalidField("district", "is a U.S. congressional district: only for supporters in the United States");
            }
            return new Place(cleanRegion, null);
        }
        if (cleanRegion == null) {
            if (district != null) {
                throw ProblemException.invalidField("district", "needs your U.S. state as region");
            }
            return new Place(null, null);
        }
        String state = state("region", cleanRegion);
        checkDistrict("district", state, district);
        return new Place(state, district);
    }

    /** The upper-case code of a state, DC or territory, or a 400 naming {@code field}. */
    public String state(String field, String code) {
        return UsStates.normalise(code).orElseThrow(() -> ProblemException.invalidField(field,
                "must be the two-letter code of a U.S. state, DC or territory, such as WA"));
    }

    /** A district of the state: 0 to 53, and one of the state's districts when its House members are loaded. */
    public void checkDistrict(String field, String state, Integer district) {
        if (district == null) {
            return;
        }
        if (district < 0 || district > UsStates.MAX_DISTRICT) {
            throw ProblemException.invalidField(field, "must be a congressional district from 0 to " + UsStates.MAX_DISTRICT);
        }
        Integer highest = representatives.highestDistrict(state);
        if (highest == null) {
            return;
        }
        // Up to the highest district held, so that a vacant seat below it is still a valid district.
        if (highest == 0 && district != 0) {
            throw ProblemException.invalidField(field, state + " elects one member at large: its district is 0");
        }
        if (highest > 0 && (district < 1 || district > highest)) {
            throw ProblemException.invalidField(field, "must be one of the districts of " + state + ": 1 to " + highest);
        }
    }
}

package org.groundswell.target;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;

@Path("/api/representatives")
@Tag(name = "representatives")
@Produces(MediaType.APPLICATION_JSON)
public class RepresentativeResource {

    private final Representatives representatives;
    private final UsPlaces places;

    public RepresentativeResource(Representatives representatives, UsPlaces places) {
        this.representatives = representatives;
        this.places = places;
    }

    @GET
    @Operation(summary = "The current members of Congress for a state (its senators and House members), or for a state and district")
    public List<RepresentativeView> find(@QueryParam("state") String state, @QueryParam("district") String districtParam) {
        if (state == null || state.isBlank()) {
            throw ProblemException.invalidField("state", "is required: the two-letter code of a U.S. state, DC or territory");
        }
        String code = places.state("state", state);
        Integer district = district(districtParam);
        places.checkDistrict("district", code, district);
        List<Legislator> members = new ArrayList<>(representatives.senators(code));
        members.addAll(district == null ? representatives.houseMembers(code) : representatives.houseMember(code, district));
        return members.stream().map(RepresentativeView::of).toList();
    }

    /** Parsed here, not by JAX-RS, so that "district=seven" is a 400 with a field error rather than a 404. */
    private static Integer district(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().matches("[0-9]{1,2}")) {
            throw ProblemException.invalidField("district", "must be a congressional district from 0 to " + UsStates.MAX_DISTRICT);
        }
        return Integer.valueOf(value.strip());
    }

    /** Public data from the congress-legislators file, nothing else. */
    public record RepresentativeView(String bioguide, String chamber, String name, String party, String state,
                                     Integer district, String phone, String address, String contactForm, String url) {
        static RepresentativeView of(Legislator l) {
            return new RepresentativeView(l.bioguide, l.chamber, l.fullName, l.party, l.state, l.district, l.phone,
                    l.officeAddress, l.contactForm, l.url);
        }
    }
}

package org.groundswell.congress;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.common.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

@Path("/api/representatives")
@Tag(name = "representatives")
@Produces(MediaType.APPLICATION_JSON)
public class RepresentativeResource {

    private final CongressDirectory congress;
    private final UsPlaces places;

    public RepresentativeResource(CongressDirectory congress, UsPlaces places) {
        this.congress = congress;
        this.places = places;
    }

    @GET
    @PermitAll
    @Operation(summary = "The current members of Congress for a state (its senators and House members), or for a state and district")
    public List<RepresentativeView> find(@QueryParam("state") String state, @QueryParam("district") String districtText) {
        if (state == null || state.isBlank()) {
            throw InvalidInputException.field("state", "is required: the two-letter code of a U.S. state, DC or territory");
        }
        String code = places.state(state).orElseThrow(() -> InvalidInputException.field("state", UsPlaces.STATE_MESSAGE));
        // Parsed here, not by JAX-RS, so that "district=seven" is a 400 with a field error rather than a 404.
        UsPlaces.DistrictText district = UsPlaces.DistrictText.parse(districtText);
        if (!district.valid()) {
            throw InvalidInputException.field("district", "must be a congressional district from 0 to " + UsStates.MAX_DISTRICT);
        }
        places.districtProblem(code, district.district()).ifPresent(problem -> {
            throw InvalidInputException.field("district", problem);
        });
        CongressDirectory.Delegation delegation = congress.of(code);
        List<Legislator> members = new ArrayList<>(delegation.senators());
        members.addAll(district.district() == null ? delegation.houseMembers() : delegation.houseMember(district.district()));
        return members.stream().map(RepresentativeView::of).toList();
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

package org.groundswell.organiser;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.groundswell.common.CleanText;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/organisers")
@Tag(name = "organisers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganiserResource {

    private final OrganiserService organisers;

    public OrganiserResource(OrganiserService organisers) {
        this.organisers = organisers;
    }

    @POST
    @Operation(summary = "Create an organiser (admin token). The bearer token in the answer is shown only once.")
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Valid @NotNull NewOrganiser request) {
        organisers.requireAdmin(authorization);
        OrganiserService.CreatedOrganiser created = organisers.create(request.name(), request.email());
        Organiser organiser = created.organiser();
        return Response.status(Response.Status.CREATED)
                .entity(new OrganiserCreated(organiser.id, organiser.name, organiser.email, created.token()))
                .build();
    }

    public record NewOrganiser(
            @NotBlank @Size(max = 200) @CleanText String name,
            @NotBlank @Email @Size(max = 254) String email) {
    }

    public record OrganiserCreated(Long id, String name, String email, String token) {
    }
}

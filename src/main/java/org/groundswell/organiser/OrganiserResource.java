package org.groundswell.organiser;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.common.CleanText;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;

@Path("/api/organisers")
@Tag(name = "organisers")
@Produces(MediaType.APPLICATION_JSON)
public class OrganiserResource {

    private final OrganiserService organisers;
    private final Caller caller;

    public OrganiserResource(OrganiserService organisers, Caller caller) {
        this.organisers = organisers;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an organiser (admin). The bearer token in the answer is shown only once.")
    public Response create(@Valid @NotNull NewOrganiser request) {
        OrganiserService.CreatedOrganiser created = organisers.create(request.name(), request.email());
        Organiser organiser = created.organiser();
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(new OrganiserCreated(organiser.id, organiser.name, organiser.email, created.token()))
                .build();
    }

    @POST
    @Path("me/token")
    @RolesAllowed(Roles.ORGANISER)
    @Operation(summary = "Replace the calling organiser's token: the answer holds the new one, the old one stops working")
    public Response rotateToken() {
        return Response.ok(new TokenRotated(organisers.rotateToken(caller.requireOrganiserId())))
                .header("Cache-Control", "no-store").build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Disable an organiser (admin): their token stops working, their campaigns stay")
    public Response disable(@PathParam("id") long id) {
        organisers.disable(id);
        return Response.noContent().build();
    }

    public record NewOrganiser(
            @NotBlank @Size(max = 200) @CleanText String name,
            @NotBlank @Email @Size(max = 254) String email) {
    }

    public record OrganiserCreated(Long id, String name, String email, String token) {
    }

    public record TokenRotated(String token) {
    }
}

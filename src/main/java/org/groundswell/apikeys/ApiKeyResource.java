package org.groundswell.apikeys;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

import java.time.Instant;
import java.util.List;

/** The calling organiser's API keys for partner systems; a key itself may not manage keys (organisers only). */
@Path("/api/organisers/me/keys")
@Tag(name = "api keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ORGANISER)
public class ApiKeyResource {

    private final ApiKeyService keys;
    private final Caller caller;

    public ApiKeyResource(ApiKeyService keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    public record NewKey(@NotBlank @Size(max = 100) @CleanText String name,
                         @Size(max = 200) List<@NotNull @Size(max = 80) String> campaigns,
                         @Size(max = 40) String source) {
    }

    public record KeyCreated(long id, String key, String name, List<String> campaigns, String originSystem, Instant createdAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make an API key for a partner system, limited to the campaigns listed (slugs of your own; none: all of "
            + "yours) and tagging its signatures with the source (default: made from the name). The key is in this answer only.")
    public Response create(@Valid @NotNull NewKey request) {
        ApiKeyService.Created created = keys.create(caller.requireOrganiserId(), request.name(), request.campaigns(), request.source());
        ApiKeyService.KeyView view = created.view();
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(new KeyCreated(view.id(), created.key(), view.name(), view.campaigns(), view.originSystem(), view.createdAt()))
                .build();
    }

    @GET
    @Operation(summary = "Your API keys that are not revoked: name, campaigns (empty: all of yours), source tag, when made and "
            + "last used (to the minute); never the key")
    public List<ApiKeyService.KeyView> list() {
        return keys.list(caller.requireOrganiserId());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke one of your API keys: it stops working at once, on every replica")
    public Response revoke(@PathParam("id") long id) {
        keys.revoke(caller.requireOrganiserId(), id);
        return Response.noContent().build();
    }
}

package org.groundswell.privacy;

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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.common.ExpiredException;
import org.groundswell.security.Roles;

import java.util.Map;

/**
 * Requests by e-mail from a supporter to the operator: see, or erase, everything held about their mailbox. The
 * address travels in the body, never in the URL: URLs end up in the access logs of every proxy on the way.
 */
@Path("/api/admin/supporters")
@Tag(name = "privacy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SupporterAdminResource {

    private final PrivacyService privacy;

    public SupporterAdminResource(PrivacyService privacy) {
        this.privacy = privacy;
    }

    /** The address a request is about. */
    public record SupporterRequest(@NotBlank @Size(max = 254) String email) {
    }

    @POST
    @Path("lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Everything held about a mailbox (the address, lower case, +tag removed): its signatures, consents and the mails sent to it (admin)")
    public SupporterExport export(@Valid @NotNull SupporterRequest request) {
        return privacy.exportAddress(request.email());
    }

    @POST
    @Path("erase")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase every signature of a mailbox (the address, lower case, +tag removed), with its tokens and mails (admin); answers how many")
    public Map<String, Integer> erase(@Valid @NotNull SupporterRequest request) {
        return Map.of("erased", privacy.eraseAddress(request.email()));
    }

    @GET
    @Deprecated
    @Operation(summary = "Gone (410): the address went in the URL. Use POST /api/admin/supporters/lookup (admin)")
    public SupporterExport exportByQuery() {
        throw new ExpiredException("An address in the URL ends up in access logs. Use POST /api/admin/supporters/lookup "
                + "with the body {\"email\": \"...\"}.");
    }

    @DELETE
    @Deprecated
    @Operation(summary = "Gone (410): the address went in the URL. Use POST /api/admin/supporters/erase (admin)")
    public Map<String, Integer> eraseByQuery() {
        throw new ExpiredException("An address in the URL ends up in access logs. Use POST /api/admin/supporters/erase "
                + "with the body {\"email\": \"...\"}.");
    }
}

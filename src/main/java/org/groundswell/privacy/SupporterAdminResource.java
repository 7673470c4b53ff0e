package org.groundswell.privacy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.security.Roles;

import java.util.Map;

/** Requests by e-mail from a supporter to the operator: see, or erase, everything held about their address. */
@Path("/api/admin/supporters")
@Tag(name = "privacy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SupporterAdminResource {

    private final PrivacyService privacy;

    public SupporterAdminResource(PrivacyService privacy) {
        this.privacy = privacy;
    }

    @GET
    @Operation(summary = "Everything held about an address: its signatures, consents and the mails sent to it (admin)")
    public SupporterExport export(@QueryParam("email") @NotBlank @Size(max = 254) String email) {
        return privacy.exportAddress(email);
    }

    @DELETE
    @Operation(summary = "Erase every signature of an address, with its tokens and mails (admin); answers how many")
    public Map<String, Integer> erase(@QueryParam("email") @NotBlank @Size(max = 254) String email) {
        return Map.of("erased", privacy.eraseAddress(email));
    }
}

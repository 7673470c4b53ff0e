package org.groundswell.congress;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.security.Roles;

import java.io.InputStream;

/** The one route allowed a large body (see {@link org.groundswell.http.BodyLimits}). */
@Path(LegislatorResource.PATH)
@Tag(name = "operations")
public class LegislatorResource {

    public static final String PATH = "/api/admin/legislators";

    private final LegislatorImporter importer;

    public LegislatorResource(LegislatorImporter importer) {
        this.importer = importer;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import legislators-current.yaml (admin): new members are added, changed ones updated, missing ones retired; idempotent")
    public LegislatorImporter.Result importFile(InputStream body) {
        return importer.importFile(body);
    }
}

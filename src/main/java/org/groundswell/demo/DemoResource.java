package org.groundswell.demo;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.security.Roles;

import java.util.List;
import java.util.Map;

@Path("/api/admin/demo-campaigns")
@Tag(name = "operations")
public class DemoResource {

    private final DemoCampaigns demo;

    public DemoResource(DemoCampaigns demo) {
        this.demo = demo;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Load the demo campaigns that are missing (admin); idempotent")
    public Map<String, List<String>> load() {
        return Map.of("created", demo.load());
    }
}

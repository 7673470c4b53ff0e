package org.groundswell.demo;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.organiser.OrganiserService;

import java.util.List;
import java.util.Map;

@Path("/api/admin/demo-campaigns")
@Tag(name = "operations")
public class DemoResource {

    private final DemoCampaigns demo;
    private final OrganiserService organisers;

    public DemoResource(DemoCampaigns demo, OrganiserService organisers) {
        this.demo = demo;
        this.organisers = organisers;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Load the demo campaigns that are missing (admin); idempotent")
    public Map<String, List<String>> load(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        organisers.requireAdmin(authorization);
        return Map.of("created", demo.load());
    }
}

package org.groundswell.signature;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.Campaign;
import org.groundswell.campaign.CampaignService;
import org.groundswell.common.ConflictException;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.ResultPage;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

@Path("/api/campaigns/{slug}")
@Tag(name = "signatures")
@Produces(MediaType.APPLICATION_JSON)
public class SignatureResource {

    private final SignatureService signatures;
    private final SignatureExport export;
    private final CampaignService campaigns;
    private final Caller caller;

    public SignatureResource(SignatureService signatures, SignatureExport export, CampaignService campaigns, Caller caller) {
        this.signatures = signatures;
        this.export = export;
        this.campaigns = campaigns;
        this.caller = caller;
    }

    @POST
    @Path("signatures")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign a campaign; a confirmation mail follows. The answer is the same whether or not the address signed before.")
    public Response sign(@PathParam("slug") @Size(max = 80) String slug, @Valid @NotNull SignatureInput input) {
        Campaign campaign = campaigns.findVisible(slug, Optional.empty());
        SigningResult result = signatures.sign(campaign, input);
        if (result instanceof SigningResult.Invalid invalid) {
            throw new InvalidInputException(invalid.errors());
        }
        if (result instanceof SigningResult.Closed closed) {
            throw new ConflictException(closed.message());
        }
        return Response.accepted(Map.of("status", "PENDING")).build();
    }

    @GET
    @Path("signatures")
    @RolesAllowed(Roles.ORGANISER)
    @Operation(summary = "The signatures of a campaign (owner)")
    public ResultPage<SignatureView> list(@PathParam("slug") @Size(max = 80) String slug,
                                          @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                          @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        Campaign campaign = campaigns.findOwned(slug, caller.requireOrganiserId());
        return signatures.list(campaign, page, size).map(SignatureView::of);
    }

    @GET
    @Path("signatures.csv")
    @RolesAllowed(Roles.ORGANISER)
    @Produces("text/csv")
    @Operation(summary = "All signatures of a campaign as CSV, streamed (owner)")
    public Response csv(@PathParam("slug") @Size(max = 80) String slug) {
        Campaign campaign = campaigns.findOwned(slug, caller.requireOrganiserId());
        StreamingOutput body = output -> export.writeCsv(campaign.id, output);
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + campaign.slug + "-signatures.csv\"")
                .build();
    }

    public record SignatureView(long id, String name, String email, String country, String region, String postalCode,
                                Integer district, boolean consentToUpdates, SignatureStatus status, Instant createdAt,
                                Instant confirmedAt) {
        static SignatureView of(Signature s) {
            return new SignatureView(s.id, s.name, s.email, s.country, s.region, s.postalCode, s.district,
                    s.consentToUpdates, s.status, s.createdAt, s.confirmedAt);
        }
    }
}

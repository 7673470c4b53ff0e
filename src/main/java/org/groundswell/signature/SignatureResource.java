package org.groundswell.signature;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.security.ClientAddress;
import org.groundswell.campaign.CampaignService;
import org.groundswell.common.QuotaExceededException;
import org.groundswell.common.ResultPage;
import org.groundswell.security.Caller;
import org.groundswell.security.Roles;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

@Path("/api/campaigns/{slug}")
@Tag(name = "signatures")
@Produces(MediaType.APPLICATION_JSON)
public class SignatureResource {

    /** What a download refused for too many under way suggests waiting. */
    private static final Duration EXPORT_RETRY = Duration.ofSeconds(30);

    private final SigningService signing;
    private final SupporterList supporters;
    private final SignatureExport export;
    private final CampaignService campaigns;
    private final Caller caller;

    public SignatureResource(SigningService signing, SupporterList supporters, SignatureExport export, CampaignService campaigns,
                             Caller caller) {
        this.signing = signing;
        this.supporters = supporters;
        this.export = export;
        this.campaigns = campaigns;
        this.caller = caller;
    }

    @POST
    @Path("signatures")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign a campaign; a confirmation mail follows. The answer is the same whether or not the address signed before. "
            + "With a partner's API key (Authorization: Bearer or OSDI-API-Token), for a campaign the key covers: the signature "
            + "carries the key's source tag, and the key's budget (429 with Retry-After beyond) stands in for the per-address limits.")
    @Blocking
    public CompletionStage<Response> sign(@PathParam("slug") @Size(max = 80) String slug, @Valid @NotNull SignatureInput input,
                                          @Context HttpServerRequest request) {
        SigningOrigin origin = SigningOrigin.of(caller);
        CampaignSnapshot campaign = origin.isPartner()
                ? campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.RECORD_SIGNATURES)
                : campaigns.findVisible(slug, CampaignAccess.Requester.ANONYMOUS);
        return signing.sign(campaign, input, ClientAddress.of(request), origin).thenApply(result -> {
            result.requireAccepted();
            return Response.accepted(Map.of("status", "PENDING")).build();
        });
    }

    @GET
    @Path("signatures")
    @RolesAllowed({Roles.ORGANISER, Roles.PARTNER})
    @Operation(summary = "The supporters of a campaign: its confirmed signatures, paged (owner, editor, or an API key that covers "
            + "the campaign). With ?status=pending, only how many signatures wait for confirmation or review, never their addresses.")
    public Response list(@PathParam("slug") @Size(max = 80) String slug,
                         @QueryParam("status") @DefaultValue("confirmed") @Pattern(regexp = "confirmed|pending") String status,
                         @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                         @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        CampaignSnapshot campaign = campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.SEE_SUPPORTERS);
        if ("pending".equals(status)) {
            return Response.ok(supporters.waiting(campaign)).build();
        }
        return Response.ok(supporters.supporters(campaign, page, size).map(SignatureView::of)).build();
    }

    @GET
    @Path("signatures.csv")
    @RolesAllowed(Roles.ORGANISER)
    @Produces("text/csv")
    @Operation(summary = "The confirmed signatures of a campaign as CSV, streamed (owner or editor); one person may have "
            + "two downloads under way at once (429 with Retry-After beyond)")
    public Response csv(@PathParam("slug") @Size(max = 80) String slug) {
        CampaignSnapshot campaign = campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.EXPORT);
        ExportSlots.Slot slot = export.start(caller.requireOrganiserId()).orElseThrow(() -> new QuotaExceededException(
                "You have as many downloads under way as you may; try again when one has finished.", EXPORT_RETRY));
        StreamingOutput body = output -> {
            try (slot) {
                export.writeCsv(campaign.id(), output);
            }
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + campaign.slug() + "-signatures.csv\"")
                .build();
    }

    public record SignatureView(long id, String name, String email, String country, String region, String postalCode,
                                Integer district, boolean consentToUpdates, SignatureStatus status, Instant createdAt,
                                Instant confirmedAt, String originSystem) {
        static SignatureView of(Signature s) {
            return new SignatureView(s.id, s.name, s.email, s.country, s.region, s.postalCode, s.district,
                    s.consentToUpdates, s.status, s.createdAt, s.confirmedAt, s.originSystem);
        }
    }
}

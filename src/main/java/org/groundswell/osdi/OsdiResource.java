package org.groundswell.osdi;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.security.Caller;
import org.groundswell.security.ClientAddress;
import org.groundswell.security.Roles;

import java.util.concurrent.CompletionStage;

/**
 * The OSDI v1.2 petition API (HAL+JSON) under {@code /api/osdi/v1}: the entry point, petitions, their signatures and
 * the record signature helper. Thin: {@link OsdiService} does the work.
 */
@Path(OsdiLinks.PATH)
@Tag(name = "osdi", description = "OSDI v1.2 (Open Supporter Data Interface), the petition subset, as HAL+JSON")
@Produces({OsdiResource.HAL_JSON, MediaType.APPLICATION_JSON})
public class OsdiResource {

    public static final String HAL_JSON = "application/hal+json";

    /** Public documents: the same for everyone, kept by caches for a second (the counts are about that fresh). */
    private static final String PUBLIC_CACHE = "public, max-age=1";

    private final OsdiService osdi;
    private final Caller caller;

    public OsdiResource(OsdiService osdi, Caller caller) {
        this.osdi = osdi;
        this.caller = caller;
    }

    @GET
    @PermitAll
    @Operation(summary = "The OSDI API entry point (AEP): motd, max_pagesize, vendor, version, namespace and the links")
    public Response entryPoint() {
        return Response.ok(osdi.entryPoint()).header("Cache-Control", PUBLIC_CACHE).build();
    }

    @GET
    @Path("petitions")
    @PermitAll
    @Operation(summary = "The open and closed campaigns as OSDI petitions, newest first, paged (page from 1; per_page up "
            + "to max_pagesize, larger asks get max_pagesize)")
    public Response petitions(@QueryParam("page") @DefaultValue("1") @Min(1) @Max(100_000) int page,
                              @QueryParam("per_page") @DefaultValue("" + OsdiService.DEFAULT_PAGESIZE) @Min(1) int perPage) {
        return Response.ok(osdi.petitions(page, perPage)).header("Cache-Control", PUBLIC_CACHE).build();
    }

    @GET
    @Path("petitions/{id}")
    @PermitAll
    @Operation(summary = "One open or closed campaign as an OSDI petition; its id is the slug or groundswell:<slug>")
    @APIResponse(responseCode = "200", description = "The petition")
    @APIResponse(responseCode = "404", description = "No open or closed campaign has this id")
    public Response petition(@PathParam("id") @Parameter(description = "slug, or groundswell:<slug>") @Size(max = 100) String id) {
        return Response.ok(osdi.petition(id)).header("Cache-Control", PUBLIC_CACHE).build();
    }

    @GET
    @Path("petitions/{id}/signatures")
    @RolesAllowed({Roles.ORGANISER, Roles.PARTNER})
    @Operation(summary = "The confirmed signatures of a petition, oldest first, paged (the owner's token or an API key for "
            + "it). The person's names, e-mail address and postal code only where the supporter agreed to hear from "
            + "the organiser; otherwise region and country only. Follow _links.next to read on: it carries a cursor "
            + "(after=<the last signature's id>) and costs the same however deep; by page number, page × per_page may "
            + "be at most " + OsdiService.MAX_PAGED_RECORDS + ". total_records is the petition's confirmed count")
    @APIResponse(responseCode = "200", description = "A page of signatures")
    @APIResponse(responseCode = "400", description = "A page number deeper than page × per_page = "
            + OsdiService.MAX_PAGED_RECORDS + " (follow _links.next instead), or an invalid parameter")
    @APIResponse(responseCode = "404", description = "No such petition, or not one of the caller's")
    public Response signatures(@PathParam("id") @Size(max = 100) String id,
                               @QueryParam("page") @Parameter(description = "from 1 (the default); with after, only the "
                                       + "page's number as the next link gave it") @Min(1) Integer page,
                               @QueryParam("after") @Parameter(description = "go on after the signature with this id, "
                                       + "as _links.next does") @Min(0) Long after,
                               @QueryParam("per_page") @DefaultValue("" + OsdiService.DEFAULT_PAGESIZE) @Min(1) int perPage) {
        return Response.ok(osdi.signatures(id, CampaignAccess.Requester.of(caller), page, after, perPage))
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("petitions/{id}/record_signature_helper")
    @PermitAll
    @Blocking
    @Consumes({MediaType.APPLICATION_JSON, HAL_JSON})
    @Operation(summary = "Sign a petition for a person (OSDI record signature helper); the person confirms by e-mail. "
            + "With the owner's token or an API key for the petition: the pending signature; without: {} (as OSDI "
            + "says), under the per-address limits of any public signing. Consent to hear from the organiser: "
            + "person.email_addresses[].status = \"subscribed\". comments and referrer_data are accepted, not stored")
    @APIResponse(responseCode = "200", description = "Recorded, pending until the person confirms by e-mail "
            + "(the same answer whether or not the address had signed before)")
    @APIResponse(responseCode = "400", description = "Invalid person (problem+json, fields named as OSDI names them)")
    @APIResponse(responseCode = "404", description = "No such petition, or (with credentials) not one of the caller's")
    @APIResponse(responseCode = "409", description = "The campaign is closed")
    public CompletionStage<Response> recordSignature(@PathParam("id") @Size(max = 100) String id,
                                                     RecordSignatureRequest body, @Context HttpServerRequest request) {
        return osdi.recordSignature(id, body, caller, ClientAddress.of(request))
                .thenApply(document -> Response.ok(document).header("Cache-Control", "no-store").build());
    }
}

package org.groundswell.console;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.apikeys.ApiKeyService;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignService;
import org.groundswell.common.FieldError;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.RelativeTime;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.common.DomainException;
import org.groundswell.security.Caller;
import org.groundswell.security.SessionCookieMechanism;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

import static org.groundswell.web.HtmlResponses.noStore;

/**
 * The organiser's API keys as pages: the list, the form that makes one (name, campaigns, source tag; the new key shown
 * once, on the answer to the form and nowhere else), and revoking with a confirmation step. Organisers only (a team
 * member has no keys); {@link ConsoleGuard} refuses forms from other sites before they get here.
 */
@Path("/organise/keys")
@Tag(name = "console")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class KeyPagesResource {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final ApiKeyService keys;
    private final CampaignService campaigns;
    private final Caller caller;

    public KeyPagesResource(ApiKeyService keys, CampaignService campaigns, Caller caller) {
        this.keys = keys;
        this.campaigns = campaigns;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Console page: your API keys, and the form to make one (organiser)")
    public Response list(@QueryParam("revoked") @Size(max = 100) String revoked) {
        return organiser(id -> page(200, id, "", "", Set.of(), List.of(), null,
                revoked == null ? null : "The key \u201c" + revoked + "\u201d is revoked: it stopped working at once."));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: make an API key; the page that answers shows it, once (organiser)")
    public Response create(@FormParam("name") String name, @FormParam("campaign") List<String> slugs,
                           @FormParam("source") String source) {
        return organiser(id -> {
            String typedName = text(name, 100);
            String typedSource = text(source, 40);
            List<String> chosen = slugs == null ? List.of() : slugs.stream().limit(200).map(s -> text(s, 80)).toList();
            try {
                ApiKeyService.Created created = keys.create(id, typedName, chosen, typedSource);
                KeyPages.Created shown = new KeyPages.Created(created.view().name(), created.key(), created.view().originSystem(),
                        campaignsText(created.view().campaigns()));
                return page(200, id, "", "", Set.of(), List.of(), shown, null);
            } catch (InvalidInputException e) {
                List<String> errors = e.errors().isEmpty() ? List.of(e.getMessage())
                        : e.errors().stream().map(KeyPagesResource::describe).toList();
                return page(400, id, typedName, typedSource, Set.copyOf(chosen), errors, null, null);
            }
        });
    }

    @GET
    @Path("{id}/revoke")
    @Operation(summary = "Console page: confirm revoking an API key (organiser)")
    public Response confirmRevoke(@PathParam("id") long keyId) {
        return organiser(id -> noStore(200, KeyPages.revoke(email(), row(find(id, keyId)))));
    }

    @POST
    @Path("{id}/revoke")
    @Operation(summary = "Console form: revoke an API key; it stops working at once (organiser)")
    public Response revoke(@PathParam("id") long keyId) {
        return organiser(id -> {
            ApiKeyService.KeyView key = find(id, keyId);
            keys.revoke(id, keyId);
            return Response.seeOther(URI.create("/organise/keys?revoked=" + URLEncoder.encode(key.name(), StandardCharsets.UTF_8))).build();
        });
    }

    private Response page(int status, long organiserId, String name, String source, Set<String> checked, List<String> errors,
                          KeyPages.Created created, String notice) {
        List<KeyPages.Row> rows = keys.list(organiserId).stream().map(KeyPagesResource::row).toList();
        List<KeyPages.Choice> choices = campaigns.listFor(CampaignAccess.Requester.of(caller)).stream()
                .filter(r -> r.relation() == CampaignAccess.Relation.OWNER)
                .map(r -> new KeyPages.Choice(r.campaign().slug(), r.campaign().title(), checked.contains(r.campaign().slug())))
                .toList();
        return noStore(status, KeyPages.keys(email(), rows, choices, name, source, errors, created, notice));
    }

    private ApiKeyService.KeyView find(long organiserId, long keyId) {
        return keys.list(organiserId).stream().filter(k -> k.id() == keyId).findFirst()
                .orElseThrow(() -> new UnknownResourceException("You have no such API key; it may have been revoked already."));
    }

    private static KeyPages.Row row(ApiKeyService.KeyView key) {
        return new KeyPages.Row(key.id(), key.name(), campaignsText(key.campaigns()), key.originSystem(), WHEN.format(key.createdAt()),
                RelativeTime.iso(key.createdAt()), key.lastUsedAt() == null ? null : WHEN.format(key.lastUsedAt()),
                key.lastUsedAt() == null ? null : RelativeTime.iso(key.lastUsedAt()));
    }

    private static String campaignsText(List<String> slugs) {
        return slugs.isEmpty() ? "All your campaigns" : String.join(", ", slugs);
    }

    private static String describe(FieldError error) {
        String field = switch (error.field()) {
            case "name" -> "Name";
            case "source" -> "Source tag";
            case "campaigns" -> "Campaigns";
            default -> error.field();
        };
        return field + ": " + error.message() + ".";
    }

    /** The page for a signed-in organiser; the sign-in form without a session; a page saying why not otherwise. */
    private Response organiser(LongFunction<Response> page) {
        if (!caller.hasSession()) {
            return Response.seeOther(URI.create(SessionCookieMechanism.PATH)).build();
        }
        Optional<Long> organiserId = caller.organiserId();
        if (organiserId.isEmpty()) {
            return noStore(403, ConsolePages.message("Not allowed",
                    "API keys are for organisers: a key lets a partner's system sign on an organiser's own campaigns.", email()));
        }
        try {
            return page.apply(organiserId.get());
        } catch (UnknownResourceException e) {
            return noStore(404, ConsolePages.message("Not found", e.getMessage(), email()));
        } catch (DomainException e) {
            return noStore(409, ConsolePages.message("Not done", e.getMessage(), email()));
        }
    }

    private String email() {
        return caller.email().orElse(null);
    }

    private static String text(String value, int max) {
        String v = value == null ? "" : value.strip();
        return v.length() > max ? v.substring(0, max) : v;
    }
}

package org.groundswell.signature;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.steps.RenderedStep;

import java.util.List;

@Path("/api/signatures")
@Tag(name = "signatures")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConfirmationResource {

    private final ConfirmationService signatures;

    public ConfirmationResource(ConfirmationService signatures) {
        this.signatures = signatures;
    }

    @POST
    @Path("confirm")
    @PermitAll
    @Operation(summary = "Confirm a signature with the token from the confirmation mail (idempotent)")
    public ConfirmationView confirm(@Valid @NotNull TokenRequest request) {
        return ConfirmationView.of(signatures.confirm(request.token()));
    }

    /** A POST with the token in the body: a token never travels in a query string (and so never in a log). */
    @POST
    @Path("steps")
    @PermitAll
    @Operation(summary = "The action steps of a confirmed signature, rendered for its supporter")
    public ConfirmationView steps(@Valid @NotNull TokenRequest request) {
        return ConfirmationView.of(signatures.steps(request.token()));
    }

    public record TokenRequest(@NotBlank @Size(max = 100) String token) {
    }

    /** What the supporter sees after confirming: never their e-mail address. */
    public record ConfirmationView(String status, String campaignSlug, String campaignTitle, String name,
                                   List<RenderedStep> steps) {
        static ConfirmationView of(Confirmation confirmation) {
            return new ConfirmationView(confirmation.signature().status.name(), confirmation.campaign().slug(),
                    confirmation.campaign().title(), confirmation.signature().name, confirmation.steps());
        }
    }
}

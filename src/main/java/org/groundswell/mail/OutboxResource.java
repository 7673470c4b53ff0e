package org.groundswell.mail;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.common.ResultPage;
import org.groundswell.security.Roles;

import java.time.Instant;

/** Lets operators see mail the dispatcher gave up on, and send it again. */
@Path("/api/admin/outbox")
@Tag(name = "operations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class OutboxResource {

    private final Outbox outbox;
    private final OutboxRepository messages;

    public OutboxResource(Outbox outbox, OutboxRepository messages) {
        this.outbox = outbox;
        this.messages = messages;
    }

    @GET
    @Operation(summary = "Outbox messages by status (admin); no bodies")
    public ResultPage<OutboxEntry> list(@QueryParam("status") @DefaultValue("FAILED") OutboxStatus status,
                                        @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                        @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return messages.listByStatus(status, page, size).map(OutboxEntry::of);
    }

    @POST
    @Path("{id}/retry")
    @Operation(summary = "Queue a FAILED message again (admin)")
    public OutboxEntry retry(@PathParam("id") long id) {
        return OutboxEntry.of(outbox.retry(id));
    }

    public record OutboxEntry(long id, String kind, String recipient, String subject, OutboxStatus status, int attempts,
                              Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt) {
        static OutboxEntry of(OutboxMessage m) {
            return new OutboxEntry(m.id, m.kind, m.recipient, m.subject, m.status, m.attempts, m.nextAttemptAt,
                    m.lastError, m.createdAt, m.sentAt);
        }
    }
}

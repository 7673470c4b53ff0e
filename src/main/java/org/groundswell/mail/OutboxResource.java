package org.groundswell.mail;

import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.common.Page;
import org.groundswell.organiser.OrganiserService;
import org.groundswell.problem.ProblemException;

import java.time.Instant;

/** Lets operators see mail the dispatcher gave up on, and send it again. */
@Path("/api/admin/outbox")
@Tag(name = "operations")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    private final Outbox outbox;
    private final OrganiserService organisers;

    public OutboxResource(Outbox outbox, OrganiserService organisers) {
        this.outbox = outbox;
        this.organisers = organisers;
    }

    @GET
    @Operation(summary = "Outbox messages by status (admin); no bodies")
    public Page<OutboxEntry> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                  @QueryParam("status") @DefaultValue("FAILED") OutboxStatus status,
                                  @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                  @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        organisers.requireAdmin(authorization);
        var query = outbox.find("status", Sort.descending("id"), status);
        return new Page<>(query.page(page, size).list().stream().map(OutboxEntry::of).toList(), page, size, query.count());
    }

    @POST
    @Path("{id}/retry")
    @Transactional
    @Operation(summary = "Queue a FAILED message again (admin)")
    public OutboxEntry retry(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") long id) {
        organisers.requireAdmin(authorization);
        OutboxMessage message = outbox.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No outbox message " + id + "."));
        if (message.status != OutboxStatus.FAILED) {
            throw ProblemException.conflict("Only FAILED messages can be retried; this one is " + message.status + ".");
        }
        message.status = OutboxStatus.PENDING;
        message.attempts = 0;
        message.nextAttemptAt = Instant.now();
        return OutboxEntry.of(message);
    }

    public record OutboxEntry(long id, String kind, String recipient, String subject, OutboxStatus status, int attempts,
                              Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt) {
        static OutboxEntry of(OutboxMessage m) {
            return new OutboxEntry(m.id, m.kind, m.recipient, m.subject, m.status, m.attempts, m.nextAttemptAt,
                    m.lastError, m.createdAt, m.sentAt);
        }
    }
}

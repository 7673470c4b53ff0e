package org.groundswell.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.groundswell.common.ConflictException;
import org.groundswell.common.ExpiredException;
import org.groundswell.common.FieldError;
import org.groundswell.common.ForbiddenActionException;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.QuotaExceededException;
import org.groundswell.common.UnavailableException;
import org.groundswell.common.UnknownResourceException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Turns every failure into application/problem+json; bad input is a 4xx, never a 500. */
public class ProblemMappers {

    private static final String UNIQUE_VIOLATION = "23505";

    @ServerExceptionMapper
    public Response unknown(UnknownResourceException e, UriInfo uri) {
        return respond(Problem.of(404, "Not Found", e.getMessage(), uri.getPath()), null);
    }

    @ServerExceptionMapper
    public Response expired(ExpiredException e, UriInfo uri) {
        return respond(Problem.of(410, "Gone", e.getMessage(), uri.getPath()), null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return respond(Problem.of(409, "Conflict", e.getMessage(), uri.getPath()), null);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e, UriInfo uri) {
        return respond(new Problem("about:blank", "Bad Request", 400, e.getMessage(), uri.getPath(), e.errors()), null);
    }

    /** No credentials on a protected route, or credentials that are not valid: 401 with the Bearer challenge. */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        String detail = e instanceof AuthenticationFailedException && e.getMessage() != null
                ? e.getMessage() : "This endpoint needs 'Authorization: Bearer <token>'.";
        return respond(Problem.of(401, "Unauthorized", detail, uri.getPath()), null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "Forbidden", "This token may not use this endpoint.", uri.getPath()), null);
    }

    @ServerExceptionMapper
    public Response forbiddenAction(ForbiddenActionException e, UriInfo uri) {
        return respond(Problem.of(403, "Forbidden", e.getMessage(), uri.getPath()), null);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String detail = errors.stream().map(err -> err.field() + ": " + err.message()).collect(Collectors.joining("; "));
        return respond(new Problem("about:blank", "Bad Request", 400, detail, uri.getPath(), errors), null);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String detail = field.isEmpty()
                ? "The request body is not valid JSON for this endpoint: " + e.getOriginalMessage()
                : "Invalid value for '" + field + "': " + e.getOriginalMessage();
        List<FieldError> errors = field.isEmpty() ? List.of() : List.of(new FieldError(field, "invalid value"));
        return respond(new Problem("about:blank", "Bad Request", 400, truncate(detail), uri.getPath(), errors), null);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return jsonMapping(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonParsing(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(400, "Bad Request",
                truncate("The request body is not valid JSON: " + e.getOriginalMessage()), uri.getPath()), null);
    }

    /** Two requests racing for the same unique value (a slug, say): the loser hears 409, not 500. */
    @ServerExceptionMapper
    public Response databaseConstraint(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return unexpected(e, uri);
        }
        return respond(Problem.of(409, "Conflict",
                "That already exists; another request created it at the same moment.", uri.getPath()), null);
    }

    /** A quota of the caller's is used up: 429 with the seconds until it allows the next in Retry-After. */
    @ServerExceptionMapper
    public Response quotaExceeded(QuotaExceededException e, UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(429, "Too Many Requests", e.getMessage(), uri.getPath()), null))
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds())).build();
    }

    /**
     * Anywhere in the causes: the database is restarting, shutting down or out of connections (SQL states 08, 57P, 53),
     * or every pooled connection stayed busy for the pool's acquisition timeout (the pool's SQLException, without a
     * state, caused by a TimeoutException): a surge, not a fault; try again shortly.
     */
    static boolean databaseGoneAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException && t.getCause() instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The database is down, restarting or out of connections: try again shortly. */
    @ServerExceptionMapper({org.hibernate.exception.JDBCConnectionException.class, UnavailableException.class})
    public Response databaseUnreachable(RuntimeException e, UriInfo uri) {
        String detail = e instanceof UnavailableException ? e.getMessage() : "The service cannot reach its database right now; please try again in a moment.";
        Log.warnf("Answered 503 at %s: %s", loggable(uri.getPath()), e.getMessage());
        return Response.fromResponse(respond(Problem.of(503, "Service Unavailable", detail, uri.getPath()), null))
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    /** A value the database cannot take or compare (a NUL byte, say) that slipped past validation: bad input. */
    @ServerExceptionMapper
    public Response databaseData(org.hibernate.exception.DataException e, UriInfo uri) {
        return respond(Problem.of(400, "Bad Request", "A value in the request cannot be used.", uri.getPath()), null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status == 404 && e.getCause() instanceof IllegalArgumentException invalid) {
            // JAX-RS answers 404 when a parameter does not convert (page=abc, status=PAUSED): it is bad input.
            return respond(Problem.of(400, "Bad Request",
                    truncate("A parameter has an invalid value: " + invalid.getMessage()), uri.getPath()), null);
        }
        if (status >= 500) {
            Log.error("Request failed", e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "Error";
        String detail = status == 404 ? "No resource at " + uri.getPath()
                : status >= 500 ? "The server could not complete the request." : e.getMessage();
        return respond(Problem.of(status, title, detail, uri.getPath()), original);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (databaseGoneAway(e)) {
            // A connection the server ended (a restart: 57P01, "terminating connection due to administrator
            // command") reaches Hibernate as a generic JDBC error, not as a connection error: still try again shortly.
            return databaseUnreachable(new UnavailableException("The service cannot reach its database right now; please try again in a moment."), uri);
        }
        Log.error("Unexpected failure at " + loggable(uri.getPath()), e);
        return respond(Problem.of(500, "Internal Server Error",
                "The server could not complete the request.", uri.getPath()), null);
    }

    private static Response respond(Problem problem, Response original) {
        Response.ResponseBuilder builder = Response.status(problem.status()).entity(problem).type(Problem.MEDIA_TYPE);
        if (original != null) {
            for (String header : List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER)) {
                Object value = original.getHeaders().getFirst(header);
                if (value != null) {
                    builder.header(header, value);
                }
            }
        }
        if (problem.status() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }

    /** A path fit for a log: the token of a confirmation, unsubscribe or removal link is never written down. */
    static String loggable(String path) {
        return path == null ? null : path.replaceAll("^/(confirm|u|remove)/.*", "/$1/<token>");
    }

    /** A violation's field as the API reports it ({@code steps[0].target.email}); the console's forms use it too. */
    public static String fieldName(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                name = name == null ? node.toString() : name + "." + node;
            } else if (node.getKind() == ElementKind.PARAMETER) {
                name = node.getName();
            }
        }
        return name == null ? "request" : name;
    }

    private static String truncate(String detail) {
        String oneLine = detail.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}

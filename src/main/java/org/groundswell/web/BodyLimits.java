package org.groundswell.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.organiser.OrganiserService;
import org.groundswell.problem.Problem;
import org.groundswell.problem.ProblemException;
import org.groundswell.target.LegislatorResource;

import java.util.List;

/**
 * Request body limits per route. quarkus.http.limits.max-body-size is the ceiling, sized for the legislator file
 * (about 1 MB) that the admin uploads to {@link LegislatorResource}; every other request, and an upload without
 * the admin token, is held to groundswell.http.max-body-size and answered 413 above it.
 * <p>
 * This runs right after Quarkus' own limit handler (route order -2) and works the same way: a declared
 * Content-Length is checked here, and a chunked body is capped by the request-size key that the REST layer
 * enforces while reading.
 */
@ApplicationScoped
public class BodyLimits {

    private static final int ORDER = -1;

    private final long limit;
    private final OrganiserService organisers;
    private final ObjectMapper objectMapper;

    public BodyLimits(GroundswellConfig config, OrganiserService organisers, ObjectMapper objectMapper) {
        this.limit = config.http().maxBodySize().asLongValue();
        this.organisers = organisers;
        this.objectMapper = objectMapper;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::enforce);
    }

    void enforce(RoutingContext context) {
        if (isLegislatorImport(context)) {
            context.next();
            return;
        }
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null) {
            context.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, limit);
        } else if (isOver(length)) {
            tooLarge(context);
            return;
        }
        context.next();
    }

    private boolean isLegislatorImport(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST || !LegislatorResource.PATH.equals(context.normalizedPath())) {
            return false;
        }
        try {
            organisers.requireAdmin(context.request().getHeader(HttpHeaderNames.AUTHORIZATION));
            return true;
        } catch (ProblemException notAdmin) {
            return false;
        }
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP decoder has already refused a malformed length
        }
    }

    /** As Quarkus does: answer at once and close the connection instead of reading the body. */
    private void tooLarge(RoutingContext context) {
        Problem problem = new Problem("about:blank", "Payload Too Large", 413,
                "The request body is larger than " + limit / 1024 + " KB.", context.normalizedPath(), List.of());
        String body;
        try {
            body = objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "";
        }
        context.response().endHandler(ended -> context.request().connection().close());
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaderNames.CONNECTION, "close")
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}

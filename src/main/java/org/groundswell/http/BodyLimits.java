package org.groundswell.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.congress.LegislatorResource;
import org.groundswell.problem.Problem;
import org.groundswell.security.AdminToken;


/**
 * Request body limits per route. quarkus.http.limits.max-body-size is the ceiling, sized for the legislator file
 * (about 1 MB) that the admin uploads to {@link LegislatorResource}; every other request, and an upload without
 * the admin token, is held to groundswell.http.max-body-size and answered 413 (problem+json) above it.
 * <p>
 * A declared Content-Length is checked before anything is read. A body without one (chunked) is read here by
 * Vert.x' own body handler up to the limit; the REST layer then uses the body it read.
 */
@ApplicationScoped
public class BodyLimits {


    private final long limit;
    private final AdminToken adminToken;
    private final RawProblems problems;
    private final BodyHandler chunkedBodies;

    public BodyLimits(GroundswellConfig config, AdminToken adminToken, RawProblems problems) {
        this.limit = config.http().maxBodySize().asLongValue();
        this.adminToken = adminToken;
        this.problems = problems;
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(limit).setHandleFileUploads(false);
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.BODY_LIMITS).handler(this::enforce).failureHandler(this::tooLargeFromBodyHandler);
    }

    void enforce(RoutingContext context) {
        if (!FloodGuard.WRITES.contains(context.request().method()) || isLegislatorImport(context)) {
            context.next();
            return;
        }
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null) {
            chunkedBodies.handle(context);
        } else if (isOver(length)) {
            tooLarge(context);
        } else {
            context.next();
        }
    }

    private void tooLargeFromBodyHandler(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            tooLarge(context);
        } else {
            context.next();
        }
    }

    private boolean isLegislatorImport(RoutingContext context) {
        return context.request().method() == HttpMethod.POST && LegislatorResource.PATH.equals(context.normalizedPath())
                && adminToken.isIn(context.request().getHeader(HttpHeaderNames.AUTHORIZATION));
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
        context.response().endHandler(ended -> context.request().connection().close());
        problems.send(context.response().putHeader(HttpHeaderNames.CONNECTION, "close"), Problem.of(413, "Payload Too Large",
                "The request body is larger than " + limit / 1024 + " KB.", context.normalizedPath()));
    }
}

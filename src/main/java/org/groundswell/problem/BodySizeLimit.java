package org.groundswell.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Answers an over-large body (by its Content-Length) with a 413 problem document before anything reads it;
 * bodies without a length are still cut off at the same limit by the HTTP layer.
 */
@ApplicationScoped
public class BodySizeLimit {

    void install(@Observes Router router, ObjectMapper mapper,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        long maxBytes = limit.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && isOver(length, maxBytes)) {
                Problem problem = new Problem("about:blank", "Content Too Large", 413,
                        "The request body is larger than the limit of " + maxBytes + " bytes.", context.request().path(), List.of());
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(json(mapper, problem));
                return;
            }
            context.next();
        });
    }

    private static boolean isOver(String length, long maxBytes) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String json(ObjectMapper mapper, Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

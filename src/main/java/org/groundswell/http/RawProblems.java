package org.groundswell.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.problem.Problem;

/** Problem documents written by the routes in front of the REST layer (limits, floods, hostile paths). */
@ApplicationScoped
public class RawProblems {

    private final ObjectMapper objectMapper;

    public RawProblems(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /** Ends the response with the problem; the caller may set more headers first. */
    public void send(HttpServerResponse response, Problem problem) {
        String body;
        try {
            body = objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "";
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }
}

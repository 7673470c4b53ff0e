package org.groundswell.console;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.security.SessionCookieMechanism;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.http.OriginEvidence;

import java.util.Set;

/**
 * In front of every console route ({@code /organise} and below), before the REST layer reads anything: every
 * answer is {@code Cache-Control: no-store} (pages for one person, never kept by a cache, never served with the
 * public pages), and every state-changing request is refused (403) unless the browser proves it comes from this
 * site ({@link #provablyFromThisSite}: fail closed, since a cookie authenticates here).
 */
@ApplicationScoped
public class ConsoleGuard {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    static final String REFUSED_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Please try again · Groundswell console</title><link rel="stylesheet" href="/static/groundswell.css"></head>
            <body><main id="main"><h1>Please try again</h1>
            <p>This form could not be checked: it was sent from another site, or your browser did not say where from.
            Go back to <a href="/organise">the console</a>, reload the page and send the form again.</p></main></body></html>
            """;

    private final OriginEvidence evidence;

    public ConsoleGuard(GroundswellConfig config) {
        this.evidence = new OriginEvidence(config.publicBaseUrl());
    }

    void install(@Observes Router router) {
        router.routeWithRegex(SessionCookieMechanism.PATH + "(/.*)?").order(-1).handler(this::guard);
    }

    void guard(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> context.response().headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store"));
        if (!SAFE.contains(context.request().method()) && !provablyFromThisSite(context.request())) {
            context.response().setStatusCode(403).putHeader(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8")
                    .end(REFUSED_PAGE);
            return;
        }
        context.next();
    }

    /**
     * The one question the console asks of a state-changing request: does the browser say it comes from this site?
     * The same policy as every public form ({@link OriginEvidence}, applied to them by {@code http.CrossSiteForms}),
     * here for every method but GET, HEAD and OPTIONS, whatever the body: no evidence is a refusal.
     */
    boolean provablyFromThisSite(HttpServerRequest request) {
        return evidence.judge(request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"), request.getHeader("Referer")).allowed();
    }
}

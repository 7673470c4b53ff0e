package org.groundswell.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.problem.Problem;

import java.util.Locale;

/**
 * CSRF defence of every form post to the pages (a POST of {@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data}, the bodies a page on another site can make a browser send): {@link OriginEvidence} decides, and a form without
 * evidence that it comes from one of our pages gets 403 (an HTML page that says why, or a problem document for a
 * client asking for JSON) before any page sees it. The only exception is the one-click unsubscribe, which mail
 * providers post without a browser's headers and which its signed token authorises ({@link OneClickUnsubscribe}).
 * The pages are every path but the API's ({@link #isApi}), which takes bearer tokens only.
 */
@ApplicationScoped
public class CrossSiteForms {

    @CheckedTemplate(basePath = "CrossSiteForms")
    static class Pages {
        static native TemplateInstance refused(String reason);
    }

    private final OriginEvidence evidence;
    private final OneClickUnsubscribe unsubscribe;
    private final RawProblems problems;
    private final MeterRegistry registry;

    public CrossSiteForms(GroundswellConfig config, OneClickUnsubscribe unsubscribe, RawProblems problems, MeterRegistry registry) {
        this.evidence = new OriginEvidence(config.publicBaseUrl());
        this.unsubscribe = unsubscribe;
        this.problems = problems;
        this.registry = registry;
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.CROSS_SITE_FORMS).handler(this::check);
    }

    void check(RoutingContext context) {
        var request = context.request();
        if (request.method() != HttpMethod.POST || !isForm(request.getHeader(HttpHeaderNames.CONTENT_TYPE))
                || isApi(context.normalizedPath()) || unsubscribe.is(context)) {
            context.next();
            return;
        }
        OriginEvidence.Verdict verdict = evidence.judge(request.getHeader("Sec-Fetch-Site"), request.getHeader(HttpHeaderNames.ORIGIN),
                request.getHeader(HttpHeaderNames.REFERER));
        if (verdict.allowed()) {
            context.next();
            return;
        }
        registry.counter("groundswell.forms.refused", "reason", verdict.name()).increment();
        if (wantsJson(request.getHeader(HttpHeaderNames.ACCEPT))) {
            problems.send(context.response(), Problem.of(403, "Forbidden", verdict.reason()
                    + " Forms are taken only from this service's own pages.", context.normalizedPath()));
            return;
        }
        context.response().setStatusCode(403)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, "text/html;charset=UTF-8")
                .putHeader(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .putHeader(SecurityHeaders.REFERRER_POLICY, SecurityHeaders.NO_REFERRER) // the URL may hold a token
                .end(Pages.refused(verdict.reason()).render());
    }

    /** The bodies an HTML form sends by POST that the pages take (a text/plain form reaches no page: 415). */
    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data");
    }

    /**
     * The API takes no form and no credential a browser sends on its own (bearer tokens only), so a form posted to
     * it forges nothing; its clients' empty POSTs, which HTTP clients often label as forms, keep their 401 and 403.
     * Decided on the normalised path: {@code /api/../c/...} is a page.
     */
    static boolean isApi(String normalizedPath) {
        return normalizedPath != null && (normalizedPath.equals("/api") || normalizedPath.startsWith("/api/"));
    }

    /** A client that asks for JSON and not for HTML (a browser's navigation always asks for HTML). */
    static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        String types = accept.toLowerCase(Locale.ROOT);
        return types.contains("json") && !types.contains("text/html");
    }
}

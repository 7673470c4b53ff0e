package org.groundswell.http;

import io.quarkus.vertx.http.runtime.RouteConstants;

/**
 * The order of the routes in front of the REST layer, in the one place that states it. A request meets them from
 * top to bottom; each either answers (and the request goes no further) or passes it on. They all run before
 * Quarkus' compression (order 0) and the REST layer; the body limits come right after Quarkus' own upload limit.
 * The writes-only filters (flood guard, form origins, body limits) let reads through, and the reads served from
 * memory only take GET and HEAD, so their relative order matters for writes only.
 */
public final class EdgeOrder {

    /** Over-long paths and encoded control characters: answered before anything looks at the path. */
    public static final int HOSTILE_PATHS = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 5;
    /** Security headers, set when any later route (or the REST layer) writes its answer, refusals included. */
    public static final int SECURITY_HEADERS = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 4;
    /** 429 for an address that floods writes. */
    public static final int FLOOD_GUARD = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 3;
    /** 403 for a form posted from another site, or with no evidence of where from. */
    public static final int CROSS_SITE_FORMS = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2;
    /** The campaign JSON and page answered from memory while fresh. */
    public static final int PUBLIC_READS = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
    /** 413 above the body limit of the route (after Quarkus' own limit, the ceiling, at {@code UPLOAD_LIMIT}). */
    public static final int BODY_LIMITS = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;

    private EdgeOrder() {
    }
}

package org.groundswell.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.groundswell.config.GroundswellConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The public reads everyone makes during a surge (a campaign's JSON and its page) served from memory: the
 * resources build a representation at most every {@code groundswell.reads.max-age} (half a second, so the count
 * shown is at most about a second old) and keep it here; a route in front of them answers from it while it is
 * fresh, without entering the REST layer. Every answer carries an ETag, Last-Modified and
 * {@code Cache-Control: public, max-age=1, stale-while-revalidate=...}, so that an ingress or a CDN absorbs the rest.
 * The representations are the same for every visitor: nothing personal is in them. They are kept by campaign (its
 * slug) and {@link View}, not by the spelling of a path: the routes in front name the view their path stands for.
 */
@ApplicationScoped
public class PublicReads {

    private static final int MAX_ENTRIES = 10_000;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** A representation ready to be written, as the resource built it. */
    public record Representation(byte[] body, String contentType, String etag, String lastModified, String cacheControl,
                                 long freshUntilNanos, Map<String, String> headers) {

        boolean isFresh() {
            return System.nanoTime() < freshUntilNanos;
        }

        boolean matches(String ifNoneMatch) {
            return ifNoneMatch != null && (ifNoneMatch.equals("*") || ifNoneMatch.replace("W/", "").equals(etag.replace("W/", "")));
        }

        /** The same answer as the route in front gives, through JAX-RS. */
        public Response toResponse(String ifNoneMatch) {
            Response.ResponseBuilder builder = matches(ifNoneMatch) ? Response.notModified() : Response.ok(body, contentType);
            headers.forEach(builder::header);
            return builder.header("ETag", etag).header("Last-Modified", lastModified).header("Cache-Control", cacheControl).build();
        }
    }

    /** What of a campaign a representation shows. */
    public enum View {
        /** {@code GET /api/campaigns/{slug}}, served in front of the REST layer when fresh. */
        CAMPAIGN_JSON,
        /** {@code GET /c/{slug}}, served in front of the REST layer when fresh. */
        CAMPAIGN_PAGE,
        /** {@code GET /api/campaigns/{slug}/counts}, served from memory by its resource. */
        CAMPAIGN_COUNTS,
        /** {@code GET /c/{slug}/embed}, the signing widget, served in front of the REST layer when fresh. */
        EMBED_PAGE
    }

    /** A campaign's representation. */
    record Key(String slug, View view) {
    }

    private final Map<Key, Representation> representations = new ConcurrentHashMap<>();
    private final Map<Key, Boolean> rebuilding = new ConcurrentHashMap<>();
    private final Duration maxAge;
    private final String cacheControl;

    public PublicReads(GroundswellConfig config) {
        this.maxAge = config.reads().maxAge();
        this.cacheControl = "public, max-age=1, stale-while-revalidate=" + config.reads().staleWhileRevalidate().toSeconds();
    }

    void install(@Observes Router router) {
        serveInFront(router, "/api/campaigns/:slug", View.CAMPAIGN_JSON);
        serveInFront(router, "/c/:slug", View.CAMPAIGN_PAGE);
        serveInFront(router, "/c/:slug/embed", View.EMBED_PAGE);
    }

    private void serveInFront(Router router, String path, View view) {
        router.get(path).order(EdgeOrder.PUBLIC_READS).handler(context -> serveIfFresh(context, view));
        router.head(path).order(EdgeOrder.PUBLIC_READS).handler(context -> serveIfFresh(context, view));
    }

    /**
     * The fresh representation of a campaign's {@code view}, or a new one from {@code build} (null: nothing to
     * cache). One request rebuilds an expired representation; the others meanwhile get the one it replaces.
     */
    public Representation get(String slug, View view, Supplier<Built> build) {
        Key key = new Key(slug, view);
        Representation current = representations.get(key);
        if (current != null && current.isFresh()) {
            return current;
        }
        if (current != null && rebuilding.putIfAbsent(key, Boolean.TRUE) != null) {
            return current; // another request is rebuilding it
        }
        try {
            Built built = build.get();
            if (built == null) {
                representations.remove(key);
                return null;
            }
            Representation fresh = new Representation(built.body(), built.contentType(),
                    etag(built.isWeak() ? built.version() : built.body(), built.isWeak()),
                    HTTP_DATE.format(built.lastModified()), cacheControl, System.nanoTime() + maxAge.toNanos(), built.headers());
            if (representations.size() >= MAX_ENTRIES) {
                representations.clear();
            }
            representations.put(key, fresh);
            return fresh;
        } finally {
            rebuilding.remove(key);
        }
    }

    /**
     * What a resource built: the body, its type, when it was built, and what its ETag stands for: the body itself,
     * or for the campaign page what it shows without the form's time stamp (weak ETag: equivalent, not identical).
     */
    public record Built(byte[] body, String contentType, Instant lastModified, byte[] version, Map<String, String> headers) {

        public Built(byte[] body, String contentType, Instant lastModified) {
            this(body, contentType, lastModified, null, Map.of());
        }

        /** With a header of its own, the same for every visitor (the widget's Content-Security-Policy). */
        public Built withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Built(body, contentType, lastModified, version, Map.copyOf(more));
        }

        public static Built of(String text, String contentType, Instant lastModified, String version) {
            return new Built(text.getBytes(StandardCharsets.UTF_8), contentType, lastModified,
                    version.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        boolean isWeak() {
            return version != null;
        }
    }

    void serveIfFresh(RoutingContext context, View view) {
        String slug = context.pathParam("slug");
        Representation representation = context.request().getHeader(HttpHeaderNames.AUTHORIZATION) == null && slug != null
                ? representations.get(new Key(slug, view)) : null;
        if (representation == null || !representation.isFresh()) {
            context.next(); // the resource builds it
            return;
        }
        var response = context.response();
        representation.headers().forEach(response::putHeader);
        response.putHeader(HttpHeaderNames.ETAG, representation.etag())
                .putHeader(HttpHeaderNames.LAST_MODIFIED, representation.lastModified())
                .putHeader(HttpHeaderNames.CACHE_CONTROL, representation.cacheControl());
        if (representation.matches(context.request().getHeader(HttpHeaderNames.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaderNames.CONTENT_TYPE, representation.contentType());
        if (context.request().method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(representation.body().length)).end();
        } else {
            response.end(io.vertx.core.buffer.Buffer.buffer(representation.body()));
        }
    }

    private static String etag(byte[] content, boolean weak) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return (weak ? "W/" : "") + "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.groundswell.congress;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A publisher of legislators-current.yaml on a local port, as the service's source in {@link LegislatorRefreshTest}:
 * it answers with an ETag and Last-Modified, and 304 to a request whose If-None-Match names the file it serves.
 */
public class LegislatorServer implements QuarkusTestResourceLifecycleManager {

    static final String PATH = "/congress-legislators/legislators-current.yaml";

    /** What the server was asked: the conditional headers of each request. */
    record Request(String ifNoneMatch, String ifModifiedSince) {
    }

    private static volatile HttpServer server;
    private static volatile byte[] file;
    private static volatile int version;
    private static volatile String lastModified;
    static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();

    /** Serves {@code yaml} from now on, as a new version (new ETag). */
    static synchronized void publish(byte[] yaml) {
        file = yaml;
        version++;
        lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(version));
    }

    static String etag() {
        return "\"v" + version + "\"";
    }

    /** Closes the port: the source is unreachable. */
    static void shutDown() {
        server.stop(0);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        REQUESTS.clear();
        publish(org.groundswell.support.LegislatorData.originalBytes());
        server.createContext(PATH, exchange -> {
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            REQUESTS.add(new Request(ifNoneMatch, exchange.getRequestHeaders().getFirst("If-Modified-Since")));
            byte[] body;
            String etag;
            synchronized (LegislatorServer.class) {
                body = file;
                etag = etag();
                exchange.getResponseHeaders().set("ETag", etag);
                exchange.getResponseHeaders().set("Last-Modified", lastModified);
            }
            if (etag.equals(ifNoneMatch)) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "text/yaml; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return Map.of("groundswell.congress.source",
                "http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}

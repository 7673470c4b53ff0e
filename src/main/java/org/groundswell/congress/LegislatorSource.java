package org.groundswell.congress;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads legislators-current.yaml from where {@code groundswell.congress.source} says: an http(s) URL with a
 * conditional GET (If-None-Match, If-Modified-Since), a {@code file:} path or a {@code classpath:} resource (whose
 * validator is the SHA-256 of the content, so that an unchanged file is "not modified" too). Never throws: every
 * problem is a {@link Fetched.Failed} saying what went wrong.
 */
final class LegislatorSource {

    static final String NONE = "none";
    /** More than 10 times the publisher's file; LegislatorFile reads no more anyway. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    /** What identifies the answer that was imported last: the HTTP validators, or a content hash. */
    record Validators(String etag, String lastModified) {
        static final Validators NONE = new Validators(null, null);
    }

    /** The outcome of asking the source. */
    sealed interface Fetched {
        record Changed(byte[] body, Validators validators) implements Fetched {
        }

        record NotModified() implements Fetched {
        }

        record Failed(String reason) implements Fetched {
        }
    }

    private final String source;
    private final Duration timeout;
    private volatile HttpClient client;

    LegislatorSource(String source, Duration timeout) {
        this.source = source.strip();
        this.timeout = timeout;
    }

    String source() {
        return source;
    }

    boolean isNone() {
        return source.isEmpty() || NONE.equalsIgnoreCase(source);
    }

    /** Asks the source, conditionally when {@code previous} holds validators of the same source. */
    Fetched fetch(Validators previous) {
        String lower = source.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("https://") || lower.startsWith("http://")) {
                return overHttp(URI.create(source), previous);
            }
            if (lower.startsWith("file:")) {
                Path path = lower.startsWith("file://") ? Path.of(URI.create(source)) : Path.of(source.substring("file:".length()));
                return byContent(Files.readAllBytes(path), previous);
            }
            if (lower.startsWith("classpath:")) {
                String name = source.substring("classpath:".length()).replaceFirst("^/+", "");
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        return new Fetched.Failed("no resource " + name + " on the class path");
                    }
                    return byContent(in.readNBytes(MAX_BYTES + 1), previous);
                }
            }
            return new Fetched.Failed("not an http(s) URL, file: path, classpath: resource or \"none\"");
        } catch (IOException | RuntimeException e) {
            return new Fetched.Failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Failed("interrupted");
        }
    }

    private Fetched overHttp(URI uri, Validators previous) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/yaml, text/yaml, text/plain;q=0.9, */*;q=0.5")
                .header("User-Agent", "Groundswell (members of Congress, daily)");
        if (previous.etag() != null) {
            request.header("If-None-Match", previous.etag());
        }
        if (previous.lastModified() != null) {
            request.header("If-Modified-Since", previous.lastModified());
        }
        // The request timeout ends at the response head; this bounds name resolution and the body as well.
        CompletableFuture<HttpResponse<byte[]>> exchange = client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Fetched.Failed("no complete answer within " + timeout.multipliedBy(2));
        } catch (ExecutionException e) {
            return new Fetched.Failed(String.valueOf(e.getCause()));
        }
        int status = response.statusCode();
        if (status == 304) {
            return new Fetched.NotModified();
        }
        if (status != 200) {
            return new Fetched.Failed("HTTP " + status);
        }
        byte[] body = response.body();
        if (body.length > MAX_BYTES) {
            return new Fetched.Failed("the answer is larger than " + MAX_BYTES + " bytes");
        }
        return new Fetched.Changed(body, new Validators(
                response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null)));
    }

    private static Fetched byContent(byte[] body, Validators previous) {
        if (body.length > MAX_BYTES) {
            return new Fetched.Failed("the file is larger than " + MAX_BYTES + " bytes");
        }
        String hash = sha256(body);
        return hash.equals(previous.etag()) ? new Fetched.NotModified() : new Fetched.Changed(body, new Validators(hash, null));
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                }
            }
        }
        return client;
    }

    private static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.groundswell.webhooks;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/** A partner's webhook receiver on 127.0.0.1 (the JDK's HTTP server): records every request, answers as told. */
final class Receiver implements AutoCloseable {

    record Request(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    record Answer(int status, Map<String, String> headers) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Answers to give, in order; once used up, 200. */
    final ConcurrentLinkedDeque<Answer> answers = new ConcurrentLinkedDeque<>();
    private HttpServer server;
    private int port;

    Receiver() {
        start(0);
    }

    void start(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body));
            Answer answer = answers.pollFirst();
            int status = answer == null ? 200 : answer.status();
            if (answer != null) {
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    /** As an outage: nothing listens on the port any more. */
    void stop() {
        server.stop(0);
    }

    /** Back on the same port. */
    void restart() {
        start(port);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

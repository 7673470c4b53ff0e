package org.groundswell.support;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests whose target must go on the wire exactly as written
 * ({@code /u/../api/...}): HTTP clients and RestAssured may normalise a path before they send it. One kept-alive
 * connection, opened again when the server closes it.
 */
public final class RawHttp implements Closeable {

    /** An answer: status, headers (names in lower case) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final String host;
    private final int port;
    private Socket socket;

    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A request: {@code method target} with these headers and body (Host and Content-Length are added). */
    public record Request(String method, String target, Map<String, String> headers, String body) {

        byte[] bytes(String host, int port) {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\n")
                    .append("Content-Length: ").append(content.length).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            all.writeBytes(content);
            return all.toByteArray();
        }
    }

    public Answer send(String method, String target, Map<String, String> headers, String body) throws IOException {
        return sendAll(List.of(new Request(method, target, headers, body))).get(0);
    }

    /**
     * Sends the requests one after the other without waiting for the answers (pipelined, in rounds of 50 so that
     * neither side's buffers fill up), as fast as a flood comes; answers them in order.
     */
    public List<Answer> sendAll(List<Request> requests) throws IOException {
        List<Answer> answers = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += 50) {
            if (socket == null) {
                socket = new Socket(host, port);
                socket.setSoTimeout(30_000);
            }
            List<Request> round = requests.subList(from, Math.min(requests.size(), from + 50));
            OutputStream out = socket.getOutputStream();
            for (Request request : round) {
                out.write(request.bytes(host, port));
            }
            out.flush();
            for (int i = 0; i < round.size(); i++) {
                Answer answer = read(socket.getInputStream());
                answers.add(answer);
                if ("close".equalsIgnoreCase(answer.header("connection"))) {
                    close();
                    if (i < round.size() - 1) {
                        throw new IOException("the server closed the connection after answer " + answers.size());
                    }
                }
            }
        }
        return answers;
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of an answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}

package org.groundswell.webhooks;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 POST to the address that was checked, not to whatever the host name resolves to a moment later (DNS
 * rebinding): the socket connects to {@code address}, and TLS still verifies the certificate against the URL's host
 * name (sent as SNI). java.net.http.HttpClient resolves the host itself and offers no way to pin the address while
 * verifying the name on Java 17, hence this small client of the JDK's sockets. It reads the status line and headers
 * and at most 64 KB of the answer; {@code Connection: close}, no redirects followed.
 */
final class PinnedHttp {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    record Answer(int status, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private PinnedHttp() {
    }

    /** Closes the sockets of attempts that reach their deadline, whatever they are blocked in (connect, TLS, write, read). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-deadline");
        thread.setDaemon(true);
        return thread;
    });

    static Answer post(URI url, InetAddress address, Map<String, String> headers, String body, Duration timeout) throws IOException {
        return post(url, address, headers, body, System.nanoTime() + timeout.toNanos());
    }

    /** The POST, over by {@code deadline} (a nanoTime): past it the socket is closed and the attempt fails. */
    static Answer post(URI url, InetAddress address, Map<String, String> headers, String body, long deadline) throws IOException {
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        Socket plain = new Socket();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(plain), Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        try {
            plain.connect(new InetSocketAddress(address, port), Math.min(remaining(deadline), 10_000));
            Socket socket = plain;
            if (tls) {
                SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(plain, url.getHost(), port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (TargetPolicy.literal(url.getHost()).isEmpty()) {
                    parameters.setServerNames(List.of(new SNIHostName(url.getHost())));
                }
                secure.setSSLParameters(parameters);
                secure.setSoTimeout(remaining(deadline));
                secure.startHandshake();
                socket = secure;
            }
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder();
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            if (url.getRawQuery() != null) {
                path += "?" + url.getRawQuery();
            }
            request.append("POST ").append(path).append(" HTTP/1.1\r\n");
            request.append("Host: ").append(url.getRawAuthority()).append("\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("Content-Length: ").append(content.length).append("\r\n");
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return readAnswer(socket, deadline);
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0) {
                throw new SocketTimeoutException("no answer in time");
            }
            throw e;
        } finally {
            watchdog.cancel(false);
            plain.close();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all the watchdog does
        }
    }

    private static Answer readAnswer(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            socket.setSoTimeout(remaining(deadline));
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before the answer's headers ended");
            }
            head.write(b);
            if (head.size() > MAX_HEADER_BYTES) {
                throw new IOException("the answer's headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/") || !statusLine[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP answer: " + lines[0].substring(0, Math.min(80, lines[0].length())));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        return new Answer(Integer.parseInt(statusLine[1]), headers);
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("no answer in time");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}

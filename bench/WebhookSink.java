import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedWriter;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A partner's webhook receiver for the checks and benchmarks: answers every request on 127.0.0.1:PORT with 204 and
 * appends one line per request to LOGFILE, taken when its body has arrived:
 * {@code epoch_millis webhook-id type subject verified held}, where subject is the signature id of a
 * signature.confirmed body (its {@code groundswell:<id>} identifier) or "-", verified is 1 when one of the
 * {@code webhook-signature} values is the Standard Webhooks HMAC-SHA256 of {@code id.timestamp.body} under the secret
 * in SECRET_FILE (read when it appears or changes), 0 when none is, "-" when there is no secret file, and held is 1 when the
 * request arrived while HOLD_FILE existed.
 *
 * <pre>java [-Dsink.hold=HOLD_FILE] bench/WebhookSink.java PORT LOGFILE [SECRET_FILE]</pre>
 *
 * With {@code sink.hold}: while that file exists, requests are taken (logged) and then held without an answer until
 * it is removed, so that a check can kill the service with its deliveries on the wire and unacknowledged. The log is
 * flushed every 50 ms and on exit. It keeps no bodies and is no receiver for anything but checking and measuring.
 */
public class WebhookSink {

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z.]+)\"");
    private static final Pattern SUBJECT = Pattern.compile("\"identifiers\"\\s*:\\s*\\[\\s*\"groundswell:([0-9]+)\"");
    private static final Object LOG_LOCK = new Object();
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static Writer log;
    private static Path secretFile;
    private static volatile byte[] secret;
    private static Path hold;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java WebhookSink.java PORT LOGFILE [SECRET_FILE]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        log = new BufferedWriter(new FileWriter(args[1], StandardCharsets.UTF_8, true), 1 << 16);
        secretFile = args.length > 2 ? Path.of(args[2]) : null;
        hold = System.getProperty("sink.hold") == null ? null : Path.of(System.getProperty("sink.hold"));
        Thread flusher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                flush();
            }
        }, "flusher");
        flusher.setDaemon(true);
        flusher.start();
        Runtime.getRuntime().addShutdownHook(new Thread(WebhookSink::flush));

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", WebhookSink::handle);
        server.start();
        System.out.println("listening on 127.0.0.1:" + port);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.currentTimeMillis();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String text = new String(body, StandardCharsets.UTF_8);
            Matcher type = TYPE.matcher(text);
            Matcher subject = SUBJECT.matcher(text);
            boolean held = hold != null && Files.exists(hold);
            String line = now + " " + (id == null ? "-" : id) + " " + (type.find() ? type.group(1) : "-") + " "
                    + (subject.find() ? subject.group(1) : "-") + " " + verified(exchange, id, body) + " " + (held ? 1 : 0) + "\n";
            synchronized (LOG_LOCK) {
                log.write(line);
            }
            REQUESTS.incrementAndGet();
            while (held && Files.exists(hold)) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** "1" when a v1 signature of the request is the HMAC-SHA256 of id.timestamp.body under the secret, "0" if none is. */
    private static String verified(HttpExchange exchange, String id, byte[] body) {
        byte[] key = secret();
        if (key == null) {
            return "-";
        }
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return "0";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                    return "1";
                }
            }
        } catch (Exception e) {
            return "0";
        }
        return "0";
    }

    private static long secretModified = -1;

    /** The secret in SECRET_FILE, read again whenever the file changes (a webhook registered anew has a new one). */
    private static synchronized byte[] secret() {
        if (secretFile == null || !Files.exists(secretFile)) {
            return secret;
        }
        try {
            long modified = Files.getLastModifiedTime(secretFile).toMillis();
            if (modified != secretModified) {
                String text = Files.readString(secretFile).strip();
                if (text.startsWith("whsec_")) {
                    secret = Base64.getDecoder().decode(text.substring("whsec_".length()));
                    secretModified = modified;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return secret;
        }
        return secret;
    }

    private static void flush() {
        synchronized (LOG_LOCK) {
            try {
                log.flush();
            } catch (IOException e) {
                System.err.println("cannot write the log: " + e);
            }
        }
    }
}

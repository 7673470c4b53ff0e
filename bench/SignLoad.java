import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Signing load that wrk cannot make (there is no wrk2 here).
 *
 * <pre>
 * java bench/SignLoad.java paced BASE_URL SLUG RATE SECONDS EMAIL_PREFIX FIRST_OCTET OUT_FILE
 *     Open loop at a constant RATE of sign requests per second for SECONDS: request i is sent at start + i/RATE
 *     whatever the answers before it did (no coordinated omission; at most 512 in flight, the rest counted as
 *     missed). Writes "epoch_millis email status" per answer to OUT_FILE, the time taken when the answer arrived.
 * java bench/SignLoad.java privacy BASE_URL SLUG COUNT EMAIL_PREFIX FIRST_OCTET REPEAT_EMAIL
 *     COUNT new signers and COUNT repeats of REPEAT_EMAIL, one request at a time and alternating (so a drift in the
 *     machine's load hits both alike), after 50 of each unmeasured; prints the medians.
 * java bench/SignLoad.java confirm BASE_URL SINK_LOG EMAIL_PREFIX SECONDS FIRST_OCTET OUT_FILE
 *     Follows the SMTP sink's log (bench/SmtpSink.java, started with a KEEP_PREFIX matching EMAIL_PREFIX) for
 *     SECONDS and confirms every signature whose confirmation link it notes, as the supporter would, as soon as it
 *     appears (at most 512 in flight). Writes "epoch_millis email status" per answer to OUT_FILE.
 * </pre>
 * Every request carries its own X-Forwarded-For address: FIRST_OCTET.x.y.z, counted up per request.
 * Prints name=value lines.
 */
public class SignLoad {

    private static final int MAX_IN_FLIGHT = 512;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "paced" -> {
                if (args.length != 8) {
                    usage();
                }
                paced(args[1], args[2], Double.parseDouble(args[3]), Double.parseDouble(args[4]), args[5],
                        Integer.parseInt(args[6]), Path.of(args[7]));
            }
            case "privacy" -> {
                if (args.length != 7) {
                    usage();
                }
                privacy(args[1], args[2], Integer.parseInt(args[3]), args[4], Integer.parseInt(args[5]), args[6]);
            }
            case "confirm" -> {
                if (args.length != 7) {
                    usage();
                }
                confirm(args[1], Path.of(args[2]), args[3], Double.parseDouble(args[4]), Integer.parseInt(args[5]), Path.of(args[6]));
            }
            default -> usage();
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: java SignLoad.java paced BASE_URL SLUG RATE SECONDS EMAIL_PREFIX FIRST_OCTET OUT_FILE\n"
                + "       java SignLoad.java privacy BASE_URL SLUG COUNT EMAIL_PREFIX FIRST_OCTET REPEAT_EMAIL\n"
                + "       java SignLoad.java confirm BASE_URL SINK_LOG EMAIL_PREFIX SECONDS FIRST_OCTET OUT_FILE");
        System.exit(2);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "answers");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    static String ip(int firstOctet, long n) {
        return firstOctet + "." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    static HttpRequest sign(URI uri, String email, String ip) {
        String body = "{\"name\":\"Bench Signer\",\"email\":\"" + email + "\",\"country\":\"GB\","
                + "\"postalCode\":\"SW1A 1AA\",\"consentToUpdates\":false}";
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", ip)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    static URI signUri(String baseUrl, String slug) {
        return URI.create(baseUrl + "/api/campaigns/" + slug + "/signatures");
    }

    record Answer(long epochMillis, String email, int status, long nanos) {
    }

    private static void paced(String baseUrl, String slug, double rate, double seconds, String prefix, int octet,
                              Path out) throws Exception {
        HttpClient client = client();
        URI uri = signUri(baseUrl, slug);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        long missed = 0;
        long sent = 0;
        long interval = Math.max(1, (long) (1e9 / rate));
        long total = (long) (rate * seconds);
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                missed++;
                continue;
            }
            String email = prefix + "-" + i + "@example.org";
            long begin = System.nanoTime();
            inFlight.incrementAndGet();
            sent++;
            client.sendAsync(sign(uri, email, ip(octet, i)), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        long now = System.currentTimeMillis();
                        if (error != null) {
                            failures.incrementAndGet();
                            answers.add(new Answer(now, email, 0, System.nanoTime() - begin));
                        } else {
                            answers.add(new Answer(now, email, response.statusCode(), System.nanoTime() - begin));
                        }
                        inFlight.decrementAndGet();
                    });
        }
        long sendingEnded = System.nanoTime();
        long deadline = sendingEnded + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        double elapsed = (sendingEnded - start) / 1e9;
        List<Answer> all = new ArrayList<>(answers);
        Map<Integer, Integer> statuses = new TreeMap<>();
        long[] latencies = new long[all.size()];
        int accepted = 0;
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            for (int i = 0; i < all.size(); i++) {
                Answer a = all.get(i);
                writer.println(a.epochMillis + " " + a.email + " " + a.status);
                statuses.merge(a.status, 1, Integer::sum);
                latencies[i] = a.nanos;
                if (a.status == 202) {
                    accepted++;
                }
            }
        }
        Arrays.sort(latencies);
        System.out.println("paced_target_rate=" + Math.round(rate));
        System.out.println("paced_sent=" + sent);
        System.out.println("paced_missed=" + missed);
        System.out.println("paced_accepted=" + accepted);
        System.out.println("paced_rate=" + Math.round(accepted / elapsed));
        System.out.println("paced_statuses=" + statuses.toString().replace(" ", ""));
        System.out.println("paced_unanswered=" + inFlight.get());
        System.out.println("paced_p50_ms=" + millis(percentile(latencies, 50)));
        System.out.println("paced_p99_ms=" + millis(percentile(latencies, 99)));
    }

    private static void privacy(String baseUrl, String slug, int count, String prefix, int octet, String repeatEmail)
            throws IOException, InterruptedException {
        HttpClient client = client();
        URI uri = signUri(baseUrl, slug);
        int warmup = 50;
        long[] fresh = new long[count];
        long[] repeat = new long[count];
        long n = 0;
        int unexpected = 0;
        for (int i = -warmup; i < count; i++) {
            long t0 = System.nanoTime();
            int s1 = client.send(sign(uri, prefix + "-" + (i + warmup) + "@example.org", ip(octet, n++)),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            long t1 = System.nanoTime();
            int s2 = client.send(sign(uri, repeatEmail, ip(octet, n++)), HttpResponse.BodyHandlers.discarding()).statusCode();
            long t2 = System.nanoTime();
            if (s1 != 202 || s2 != 202) {
                unexpected++;
            }
            if (i >= 0) {
                fresh[i] = t1 - t0;
                repeat[i] = t2 - t1;
            }
        }
        Arrays.sort(fresh);
        Arrays.sort(repeat);
        double newMedian = percentile(fresh, 50) / 1e6;
        double repeatMedian = percentile(repeat, 50) / 1e6;
        System.out.println("privacy_new_median_ms=" + String.format("%.2f", newMedian));
        System.out.println("privacy_repeat_median_ms=" + String.format("%.2f", repeatMedian));
        System.out.println("privacy_repeat_new_ratio=" + String.format("%.2f", repeatMedian / newMedian));
        System.out.println("privacy_not_202=" + unexpected);
    }

    private static void confirm(String baseUrl, Path sinkLog, String prefix, double seconds, int octet, Path out) throws Exception {
        HttpClient client = client();
        URI uri = URI.create(baseUrl + "/api/signatures/confirm");
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger inFlight = new AtomicInteger();
        java.util.Set<String> seen = new java.util.HashSet<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long sent = 0;
        long missed = 0;
        StringBuilder partial = new StringBuilder();
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(sinkLog.toFile(), "r")) {
            byte[] buffer = new byte[1 << 16];
            while (System.nanoTime() < end) {
                int read = file.read(buffer);
                if (read <= 0) {
                    Thread.sleep(20);
                    continue;
                }
                partial.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                int newline;
                while ((newline = partial.indexOf("\n")) >= 0) {
                    String[] fields = partial.substring(0, newline).split(" ");
                    partial.delete(0, newline + 1);
                    if (fields.length < 3 || !fields[1].startsWith(prefix) || "-".equals(fields[2]) || !seen.add(fields[2])) {
                        continue;
                    }
                    if (inFlight.get() >= MAX_IN_FLIGHT) {
                        missed++;
                        continue;
                    }
                    String email = fields[1];
                    long begin = System.nanoTime();
                    inFlight.incrementAndGet();
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json").header("X-Forwarded-For", ip(octet, sent++))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + fields[2] + "\"}", StandardCharsets.UTF_8))
                            .build();
                    client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        answers.add(new Answer(System.currentTimeMillis(), email, error != null ? 0 : response.statusCode(),
                                System.nanoTime() - begin));
                        inFlight.decrementAndGet();
                    });
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<Answer> all = new ArrayList<>(answers);
        Map<Integer, Integer> statuses = new TreeMap<>();
        long[] latencies = new long[all.size()];
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            for (int i = 0; i < all.size(); i++) {
                Answer a = all.get(i);
                writer.println(a.epochMillis + " " + a.email + " " + a.status);
                statuses.merge(a.status, 1, Integer::sum);
                latencies[i] = a.nanos;
            }
        }
        Arrays.sort(latencies);
        System.out.println("confirm_sent=" + sent);
        System.out.println("confirm_missed=" + missed);
        System.out.println("confirm_statuses=" + statuses.toString().replace(" ", ""));
        System.out.println("confirm_p50_ms=" + millis(percentile(latencies, 50)));
        System.out.println("confirm_p99_ms=" + millis(percentile(latencies, 99)));
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String millis(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}

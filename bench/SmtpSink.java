import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, fast SMTP sink for the benchmark: accepts every mail on 127.0.0.1:PORT and appends one line per
 * accepted recipient to LOGFILE: {@code epoch_millis recipient}, taken when the mail's DATA has fully arrived.
 * For recipients starting with KEEP_PREFIX (optional) the confirmation token of the mail's {@code /confirm/<token>}
 * link is appended as a third field, so a benchmark can confirm a few signatures the way a supporter would.
 *
 * <pre>java [-Dsink.delay.ms=MILLIS] bench/SmtpSink.java PORT LOGFILE [KEEP_PREFIX]</pre>
 *
 * With {@code sink.delay.ms}, a slow server: each mail is taken (logged) and answered only that long after its DATA
 * arrived, on its own connection, so many mails are on the wire at once (a client that dies meanwhile still has its
 * mail logged, as a real server would deliver it).
 *
 * One thread per connection; EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; tolerant of pipelining (answers are
 * flushed only when no further command is already buffered). It keeps no mail and does no checks, so it is not an
 * SMTP server for anything but measuring. It can be started late, stopped and started again on the same port
 * (SO_REUSEADDR), or paused with SIGSTOP / SIGCONT; the log is flushed every 50 ms and on exit. It does not offer
 * STARTTLS, so the service is started against it with QUARKUS_MAILER_START_TLS=DISABLED (bench/surge.sh).
 */
public class SmtpSink {

    private static final Pattern CONFIRM_LINK = Pattern.compile("/confirm/([A-Za-z0-9_-]{20,})");
    private static final byte[] GREETING = ascii("220 sink ESMTP ready\r\n");
    private static final byte[] EHLO = ascii("250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n");
    private static final byte[] OK = ascii("250 OK\r\n");
    private static final byte[] QUEUED = ascii("250 OK queued\r\n");
    private static final byte[] START_DATA = ascii("354 End data with <CR><LF>.<CR><LF>\r\n");
    private static final byte[] BYE = ascii("221 Bye\r\n");
    private static final byte[] UNKNOWN = ascii("502 Command not implemented\r\n");
    private static final byte[] NO_RECIPIENT = ascii("554 No valid recipients\r\n");

    private static final Object LOG_LOCK = new Object();
    private static final AtomicLong MAILS = new AtomicLong();
    private static Writer log;
    private static String keepPrefix;
    private static final long DELAY_MS = Long.getLong("sink.delay.ms", 0);

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java SmtpSink.java PORT LOGFILE [KEEP_PREFIX]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        log = new BufferedWriter(new FileWriter(args[1], StandardCharsets.UTF_8, true), 1 << 16);
        keepPrefix = args.length > 2 && !args[2].isEmpty() ? args[2].toLowerCase() : null;

        Thread flusher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(50);
                    flushLog();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "log-flusher");
        flusher.setDaemon(true);
        flusher.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SmtpSink::flushLog));

        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        System.out.println("SmtpSink listening on 127.0.0.1:" + port);
        System.out.flush();
        while (true) {
            Socket socket = server.accept();
            Thread thread = new Thread(() -> serve(socket), "smtp-" + socket.getPort());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void flushLog() {
        synchronized (LOG_LOCK) {
            try {
                log.flush();
            } catch (IOException e) {
                System.err.println("SmtpSink: cannot write the log: " + e);
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 13);
            LineReader reader = new LineReader(socket.getInputStream());
            List<String> recipients = new ArrayList<>();
            out.write(GREETING);
            out.flush();
            while (true) {
                int length = reader.readLine();
                if (length < 0) {
                    return;
                }
                String verb = reader.verb();
                byte[] answer;
                switch (verb) {
                    case "EHLO" -> answer = EHLO;
                    case "HELO", "NOOP" -> answer = OK;
                    case "MAIL", "RSET" -> {
                        recipients.clear();
                        answer = OK;
                    }
                    case "RCPT" -> {
                        recipients.add(reader.address());
                        answer = OK;
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            answer = NO_RECIPIENT;
                            break;
                        }
                        out.write(START_DATA);
                        out.flush();
                        boolean keep = keepPrefix != null && recipients.stream().anyMatch(r -> r.startsWith(keepPrefix));
                        StringBuilder body = keep ? new StringBuilder() : null;
                        while (true) {
                            int n = reader.readLine();
                            if (n < 0) {
                                return;
                            }
                            if (reader.isEndOfData()) {
                                break;
                            }
                            if (body != null) {
                                body.append(reader.text());
                                // quoted-printable soft line breaks ("=" at the end) join lines again
                                if (body.length() > 0 && body.charAt(body.length() - 1) == '=') {
                                    body.setLength(body.length() - 1);
                                } else {
                                    body.append('\n');
                                }
                            }
                        }
                        if (DELAY_MS > 0) {
                            try {
                                Thread.sleep(DELAY_MS);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        long now = System.currentTimeMillis();
                        String token = null;
                        if (body != null) {
                            Matcher matcher = CONFIRM_LINK.matcher(body);
                            token = matcher.find() ? matcher.group(1) : "-";
                        }
                        StringBuilder lines = new StringBuilder(64 * recipients.size());
                        for (String recipient : recipients) {
                            lines.append(now).append(' ').append(recipient);
                            if (token != null && recipient.startsWith(keepPrefix)) {
                                lines.append(' ').append(token);
                            }
                            lines.append('\n');
                        }
                        synchronized (LOG_LOCK) {
                            log.write(lines.toString());
                        }
                        MAILS.incrementAndGet();
                        recipients.clear();
                        answer = QUEUED;
                    }
                    case "QUIT" -> {
                        out.write(BYE);
                        out.flush();
                        return;
                    }
                    default -> answer = UNKNOWN;
                }
                out.write(answer);
                if (!reader.hasBuffered()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to do
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads CRLF (or LF) terminated lines into a reusable buffer, buffering the socket itself (no per-byte locks). */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private byte[] line = new byte[1024];
        private int length;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** True when more input is already here, so an answer may wait for the next one (pipelining). */
        boolean hasBuffered() throws IOException {
            return position < limit || in.available() > 0;
        }

        /** Answers the line's length without its line end, or -1 at the end of the stream. */
        int readLine() throws IOException {
            length = 0;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return length == 0 ? -1 : length;
                    }
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int chunk = position - start;
                if (length + chunk > line.length) {
                    byte[] bigger = new byte[Math.max(line.length * 2, length + chunk)];
                    System.arraycopy(line, 0, bigger, 0, length);
                    line = bigger;
                }
                System.arraycopy(buffer, start, line, length, chunk);
                length += chunk;
                if (position < limit) {
                    position++; // the '\n'
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    return length;
                }
            }
        }

        boolean isEndOfData() {
            return length == 1 && line[0] == '.';
        }

        String verb() {
            int n = Math.min(length, 4);
            char[] verb = new char[n];
            for (int i = 0; i < n; i++) {
                verb[i] = Character.toUpperCase((char) (line[i] & 0xff));
            }
            return new String(verb);
        }

        String text() {
            // a leading dot is doubled by the client (dot-stuffing)
            int start = length > 1 && line[0] == '.' && line[1] == '.' ? 1 : 0;
            return new String(line, start, length - start, StandardCharsets.ISO_8859_1);
        }

        /** The address of "RCPT TO:<a@b>" in lower case (the service sends addresses already normalised). */
        String address() {
            String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
            int open = text.indexOf('<');
            int close = text.indexOf('>', open + 1);
            String address = open >= 0 && close > open ? text.substring(open + 1, close)
                    : text.substring(Math.min(text.length(), text.indexOf(':') + 1)).strip();
            return address.toLowerCase();
        }
    }
}

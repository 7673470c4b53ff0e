package org.groundswell.webhooks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An attempt is over by its deadline, however slowly the receiver answers. */
class PinnedHttpTest {

    @Test
    void aReceiverThatDripsItsAnswerIsCutOffAtTheDeadline() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dripper = new Thread(() -> {
                try (Socket client = server.accept()) {
                    OutputStream out = client.getOutputStream();
                    for (byte b : "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(100);
                    }
                    for (int i = 0; i < 200; i++) { // a header that never ends, one byte at a time
                        out.write('a');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException ignored) {
                    // the client hung up: what the test wants
                }
            });
            dripper.setDaemon(true);
            dripper.start();
            URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook");
            long started = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> PinnedHttp.post(url, InetAddress.getLoopbackAddress(),
                    Map.of("Content-Type", "application/json"), "{}", started + 1_000_000_000L));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 3_000, "gave up after " + tookMillis + " ms");
        }
    }
}

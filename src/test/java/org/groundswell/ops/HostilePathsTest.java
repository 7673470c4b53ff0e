package org.groundswell.ops;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paths an attacker writes: never a 5xx, and under /api always a problem document. Sent raw, as written. */
@QuarkusTest
class HostilePathsTest {

    @TestHTTPResource("/")
    URI root;

    record Answer(int status, String contentType, String body) {
    }

    @Test
    void hostilePathsAreRefusedCleanly() throws Exception {
        List<String> paths = new ArrayList<>(List.of(
                "/api/campaigns/%00", "/api/campaigns/a%00b", "/c/%00", "/confirm/%00", "/api/campaigns/%0d%0aSet-Cookie:x=1",
                "/api/campaigns/..%2F..%2Fetc%2Fpasswd", "/api/campaigns/%2e%2e/%2e%2e/admin", "/api/../api/campaigns/x/../../admin/outbox",
                "/api/campaigns/a%2Fb", "/c/a%2Fb%2Fc", "/api/campaigns/%C3%28", "/api/campaigns/%FF%FE", "/c/%E0%A4%A",
                "/api/campaigns/%", "/api/campaigns/%zz", "/confirm/" + "a".repeat(300), "/api/campaigns/" + "x".repeat(1000),
                "/u/%00", "/remove/..%2F1", "/api/campaigns/" + "x".repeat(5000), "/" + "c/".repeat(1500)));
        List<Answer> answers = new ArrayList<>();
        for (String path : paths) {
            answers.add(get(path));
        }
        assertAll(java.util.stream.IntStream.range(0, paths.size()).mapToObj(i -> () -> {
            String path = paths.get(i).length() > 60 ? paths.get(i).substring(0, 60) + "..." : paths.get(i);
            Answer answer = answers.get(i);
            assertTrue(answer.status() >= 400 && answer.status() < 500, path + " -> " + answer.status() + " " + answer.body());
            // A malformed escape ("%zz", a lone "%") is refused by the HTTP decoder, before the service sees it: 400, no body.
            boolean undecodable = paths.get(i).matches(".*%([^0-9A-Fa-f].*|.?)$") || paths.get(i).contains("%zz");
            if ((paths.get(i).startsWith("/api/") || paths.get(i).length() > 2048) && !undecodable) {
                assertTrue(answer.contentType() != null && answer.contentType().startsWith("application/problem+json"),
                        path + " -> " + answer.contentType());
            }
        }));
        assertEquals(400, answers.get(0).status(), "%00");
        assertEquals(414, answers.get(paths.size() - 2).status(), "a path of 5,000 characters");
    }

    private Answer get(String path) throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + root.getHost() + ":" + root.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            String contentType = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase().startsWith("content-type:")) {
                    contentType = line.substring(13).strip();
                }
            }
            StringBuilder body = new StringBuilder();
            for (String line = in.readLine(); line != null && body.length() < 300; line = in.readLine()) {
                body.append(line);
            }
            return new Answer(status, contentType, body.toString());
        }
    }
}

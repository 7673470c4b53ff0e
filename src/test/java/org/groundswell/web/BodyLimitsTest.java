package org.groundswell.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.groundswell.support.Api;
import org.groundswell.support.LegislatorData;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 64K for every request, except the admin's upload of the legislator file (about 1.1 MB, up to 8M). */
@QuarkusTest
class BodyLimitsTest {

    @TestHTTPResource("/api/campaigns/no-such-campaign/signatures")
    URI signatures;

    @TestHTTPResource("/api/admin/legislators")
    URI legislators;

    @Test
    void everyOtherEndpointRefusesBodiesOver64K() {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(big).post("/api/campaigns/no-such-campaign/signatures")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Api.ADMIN_TOKEN).body(big)
                .post("/api/organisers").then().statusCode(413);
        // Just under the limit still reaches the endpoint (and its validation).
        String fits = "{\"name\":\"" + "x".repeat(60 * 1024) + "\",\"email\":\"a@example.org\",\"country\":\"GB\"}";
        given().contentType(ContentType.JSON).body(fits).post("/api/campaigns/no-such-campaign/signatures")
                .then().statusCode(400);
    }

    @Test
    void aChunkedBodyOver64KIsRefusedToo() throws Exception {
        byte[] big = ("{\"name\":\"" + "x".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(signatures).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))) // no length: chunked
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
    }

    @Test
    void theLegislatorUploadMayBeLargerButOnlyForTheAdmin() throws Exception {
        byte[] file = LegislatorData.paddedTo(1200 * 1024); // the publisher's file is about 1.1 MB
        assertTrue(file.length > 1024 * 1024, "the file is over 1 MB");
        LegislatorData.importBytes(file);

        assertEquals(413, statusForHeadersOnly(legislators, null, file.length));
        assertEquals(413, statusForHeadersOnly(legislators, "Bearer not-the-admin", file.length));
        assertEquals(413, statusForHeadersOnly(legislators, "Bearer " + Api.ADMIN_TOKEN, 9 * 1024 * 1024));
        assertEquals(413, statusForHeadersOnly(signatures, null, file.length));
    }

    /**
     * Sends only the request head, announcing a body of {@code length} bytes, and reads the status line: a body
     * that is too large is refused from its Content-Length, before any of it is read (and the connection closed).
     */
    private static int statusForHeadersOnly(URI uri, String authorization, long length) throws Exception {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/yaml\r\nContent-Length: " + length + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}

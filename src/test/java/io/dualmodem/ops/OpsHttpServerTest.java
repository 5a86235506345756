package io.dualmodem.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.dualmodem.testing.CapturedLog;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {

    @Test
    void aTakenPortIsOneLineAndRetriedUntilItIsFree() throws Exception {
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = squatter.getLocalPort();
        try (CapturedLog log = CapturedLog.of(OpsHttpServer.class);
             OpsHttpServer server = new OpsHttpServer(port, () -> {
                 throw new AssertionError("no health asked");
             }, () -> "<p>status</p>", null, Duration.ofMillis(100))) {
            server.start(); // returns: the application goes on without the server
            assertEquals(-1, server.port());
            assertTrue(server.bindError().contains("in use"), server.bindError());
            assertTrue(server.describe().startsWith("not listening on 127.0.0.1:" + port + ": "), "for JMX: " + server.describe());
            // retried every 100 ms: still one line for the episode after several failed retries
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> log.at(Level.WARN).size() == 1);
            assertTrue(log.at(Level.WARN).get(0).getFormattedMessage().contains("set ops.http-port"));
            assertEquals(0, log.withStackTrace().size());

            squatter.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.port() == port);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertEquals("http://127.0.0.1:" + port + "/", server.describe());
            assertEquals("<p>status</p>", page.body());
        } finally {
            squatter.close();
        }
    }
}

package io.dualmodem.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Jolokia is set up by the first request to /jolokia, which it answers itself, as it does every later one. */
class JolokiaAgentTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theFirstRequestStartsJolokiaAndIsAnsweredByItLaterOnesGoStraightToIt() throws Exception {
        JolokiaAgent agent = new JolokiaAgent();
        try (OpsHttpServer server = new OpsHttpServer(0, () -> {
            throw new AssertionError("no health asked");
        }, () -> "<p>status</p>", agent, Duration.ofSeconds(1))) {
            server.start();
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            assertFalse(agent.started(), "the status page alone does not start Jolokia");
            // the placeholder is under the same local-only filters: a GET is refused before anything starts
            assertEquals(405, get(base + "/jolokia/version").statusCode());
            assertFalse(agent.started());

            for (int i = 0; i < 2; i++) { // the first through the placeholder, the second through Jolokia's own context
                HttpResponse<String> version = post(base + "/jolokia/", "{\"type\":\"version\"}");
                assertEquals(200, version.statusCode(), version.body());
                JsonValue answer = JsonValue.parse(version.body());
                assertEquals(200, answer.path("status").asInt(), version.body());
                assertEquals("dual-modem-telemetry", answer.path("value").path("details").path("agent_id").asText(), version.body());
                assertTrue(agent.started());
            }
            // the access policy holds for what Jolokia serves after the hand-over
            HttpResponse<String> gc = post(base + "/jolokia/", "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}");
            assertEquals(403, JsonValue.parse(gc.body()).path("status").asInt(), gc.body());
            assertEquals(405, get(base + "/jolokia/version").statusCode());
        }
        assertFalse(agent.started(), "stopped with the server");
    }

    @Test
    void theJvmsSystemPropertiesAndArgumentsWhichHoldAnyKeySetWithDashDAreNotRead() throws Exception {
        System.setProperty("modem.z.password", "SECRET-GIVEN-WITH-D");
        JolokiaAgent agent = new JolokiaAgent();
        try (OpsHttpServer server = new OpsHttpServer(0, () -> {
            throw new AssertionError("no health asked");
        }, () -> "<p>status</p>", agent, Duration.ofSeconds(1))) {
            server.start();
            String jolokia = "http://127.0.0.1:" + server.port() + "/jolokia/";
            for (String attribute : new String[] {"SystemProperties", "InputArguments"}) {
                HttpResponse<String> one = post(jolokia, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\""
                        + attribute + "\"}");
                assertEquals(403, JsonValue.parse(one.body()).path("status").asInt(), one.body());
            }
            // as Hawtio reads a whole MBean (BootClassPath throws on Java 9 and later)
            HttpResponse<String> all = post(jolokia, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\","
                    + "\"config\":{\"ignoreErrors\":true}}");
            assertEquals(200, JsonValue.parse(all.body()).path("status").asInt(), all.body());
            assertTrue(all.body().contains("\"Uptime\""), "the other attributes are read: " + all.body());
            assertFalse(all.body().contains("SECRET-GIVEN-WITH-D"), all.body());
        } finally {
            System.clearProperty("modem.z.password");
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

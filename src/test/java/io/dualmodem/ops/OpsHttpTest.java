package io.dualmodem.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.JsonValue;
import io.dualmodem.testing.ListeningSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operations server of the running application (simulation, real YAML routes): {@code /health} driven by real
 * state, the status page, Jolokia under its access policy, and what the server refuses to answer.
 */
class OpsHttpTest extends AppRouteTestSupport {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void healthIsUpWhileReadingsGoOutAnd503WithTheUplinkCheckDownOnceTheServerIsDeadThenUpAgain() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 1 && get("/health").statusCode() == 200);
        JsonValue up = JsonValue.parse(get("/health").body());
        assertEquals("UP", up.path("status").asText());
        JsonValue uplink = check(up.path("readiness"), "dual-modem/uplink");
        assertEquals("UP", uplink.path("status").asText(), up.toString());
        assertEquals("on", uplink.path("details").path("modem.control").asText());
        assertTrue(up.path("liveness").path("checks").size() > 0, "Camel's liveness checks are there too: " + up);

        server.stop(); // connections refused: readings wait, nothing is accepted for longer than ops.health-stale-after (2 s)
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/health").statusCode() == 503);
        JsonValue down = JsonValue.parse(get("/health").body());
        assertEquals("DOWN", down.path("status").asText());
        assertEquals("DOWN", down.path("readiness").path("status").asText());
        JsonValue stale = check(down.path("readiness"), "dual-modem/uplink");
        assertTrue(stale.path("message").asText().startsWith("no upload accepted for "), stale.toString());
        assertTrue(stale.path("details").path("outbox.depth").asLong() > 0, stale.toString());

        server.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/health").statusCode() == 200);
    }

    @Test
    void statusPageShowsTheActiveLineTheSwitchWithItsReasonTheOutboxAndTheTemperatureChart() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 2);
        linkWatch();
        JsonValue switched = jolokia(exec("io.dualmodem:type=Modems", "switchTo", "b")); // an operator's switch, through Jolokia
        assertTrue(switched.path("value").asText().contains("a -> b"), switched.toString());
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = page.body();
        assertTrue(html.contains("<span class=\"tag sim\">SIMULATION</span>"), html);
        assertTrue(html.contains("<div class=\"label\">Active line</div><div class=\"big\"><span class=\"dot\" style=\"background:#ea580c\">"
                + "</span>b</div><div class=\"small\">3gpi-2, gsm-3gpi-softbank</div>"), html);
        assertTrue(html.matches("(?s).*<td class=\"nowrap\"><span class=\"pill\"[^>]*>a</span> → <span class=\"pill\"[^>]*>b</span>"
                + "</td><td>operator via JMX</td><td class=\"ok\">ok in .*"), "the switch with its reason in the timeline: " + html);
        assertTrue(html.matches("(?s).*<div class=\"big\">\\d+ readings? waiting</div>.*"), html);
        assertTrue(html.contains("<path class=\"line\" d=\"M"), "a temperature line was drawn: " + html);
        assertTrue(html.matches("(?s).*<tr><td><span class=\"pill\"[^>]*>a</span></td><td>a:gsm-3gpi-soracom</td>.*"),
                "data use of SIM a this month: " + html);
        assertFalse(html.contains("<script"), "no script");
    }

    @Test
    void jolokiaReadsEveryMBeanButRunsOnlyTheProductsOperationsAndRouteStartStop() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 1);
        JsonValue depth = jolokia("{\"type\":\"read\",\"mbean\":\"io.dualmodem:type=Telemetry\",\"attribute\":\"OutboxDepth\"}");
        assertEquals(200, depth.path("status").asInt(), depth.toString());
        assertTrue(depth.path("value").isNumber(), depth.toString());
        JsonValue where = jolokia("{\"type\":\"read\",\"mbean\":\"io.dualmodem:type=Telemetry\",\"attribute\":\"OperationsServer\"}");
        assertEquals("http://127.0.0.1:" + port() + "/", where.path("value").asText());
        linkWatch();
        JsonValue active = jolokia("{\"type\":\"read\",\"mbean\":\"io.dualmodem:type=Modems\",\"attribute\":\"ActiveModem\"}");
        assertTrue(active.path("value").asText().startsWith("a ("), active.toString());

        String route = camelMBean("routes", "upload-readings");
        JsonValue state = jolokia("{\"type\":\"read\",\"mbean\":" + JsonValue.quote(route) + ",\"attribute\":\"State\"}");
        assertEquals("Started", state.path("value").asText(), state.toString());
        assertEquals(200, jolokia(exec(route, "stop()")).path("status").asInt());
        assertEquals("Stopped", context.getRouteController().getRouteStatus("upload-readings").name());
        assertEquals(200, jolokia(exec(route, "start()")).path("status").asInt());
        assertEquals("Started", context.getRouteController().getRouteStatus("upload-readings").name());
        JsonValue requeue = jolokia(exec("io.dualmodem:type=Telemetry", "requeueQuarantined"));
        assertEquals(200, requeue.path("status").asInt(), requeue.toString());

        String camelContext = camelMBean("context", context.getName());
        for (String forbidden : List.of(
                exec("java.lang:type=Memory", "gc"),
                exec("com.sun.management:type=DiagnosticCommand", "vmSystemProperties"),
                exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap", "/tmp/x.hprof", true),
                exec(route, "remove()"),
                exec(camelContext, "stop"),
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}")) {
            JsonValue refused = jolokia(forbidden);
            assertEquals(403, refused.path("status").asInt(), forbidden + " -> " + refused);
        }
        // a GET needs no Origin, a web page can send one (an <img> tag): Jolokia takes only POST
        assertEquals(405, get("/jolokia/exec/" + route.replace("\"", "%22").replace(",", "%2C") + "/stop()").statusCode());
        assertEquals(405, get("/jolokia/version").statusCode());
        assertTrue(context.getStatus().isStarted(), "the Camel context was not stopped");
        assertEquals("Started", context.getRouteController().getRouteStatus("upload-readings").name());

        // a bulk request is checked request by request: the forbidden one is refused, the allowed one runs
        JsonValue bulk = JsonValue.parse(post("/jolokia/", "[" + exec("java.lang:type=Memory", "gc") + ","
                + "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}]", null).body());
        assertEquals(403, bulk.get(0).path("status").asInt(), bulk.toString());
        assertEquals(200, bulk.get(1).path("status").asInt(), bulk.toString());
    }

    @Test
    void requestsFromAnotherSiteOrForAnotherHostAreRefusedAndNoOtherAddressAnswers() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/").statusCode() == 200);
        // a web page's forged request carries its own Origin
        String read = "{\"type\":\"read\",\"mbean\":\"io.dualmodem:type=Telemetry\",\"attribute\":\"OutboxDepth\"}";
        assertEquals(403, post("/jolokia/", read, "http://evil.example").statusCode());
        assertEquals(403, post("/jolokia/", read, "http://localhost.evil.example").statusCode());
        assertEquals(403, post("/jolokia/", read, "null").statusCode(), "a sandboxed page's Origin");
        HttpResponse<String> hawtio = post("/jolokia/", read, "http://localhost:8080");
        assertEquals(200, hawtio.statusCode(), "Hawtio on the operator's laptop");
        assertEquals(200, JsonValue.parse(hawtio.body()).path("status").asInt(), hawtio.body());
        // DNS rebinding: the browser sends the page's own name as Host
        for (String path : List.of("/", "/health")) {
            assertEquals(403, rawGet(path, "evil.example:" + port()), path);
            assertEquals(200, rawGet(path, "localhost:" + port()), path);
        }
        assertEquals(403, rawGet("/jolokia/version", "evil.example:" + port()));
        assertEquals(200, rawGet("/", "127.0.0.1:" + port()));
        assertEquals(200, rawGet("/", "[::1]:" + port()));

        // a socket bound to any address answers on every loopback address; one bound to 127.0.0.1 on that one only.
        // Both stay inside the loopback range: no test traffic leaves for an interface's address.
        for (InetAddress address : List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("::1"))) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port()), 2000);
                throw new AssertionError("the operations port answers on " + address);
            } catch (java.net.ConnectException expected) {
                // refused: nothing listens there
            }
        }
        assertEquals(List.of("127.0.0.1"), ListeningSockets.addressesOf(port()), "addresses listening on the port");
    }

    private static JsonValue check(JsonValue group, String name) {
        for (JsonValue c : group.path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + group);
    }

    private String camelMBean(String type, String id) throws Exception {
        JsonValue found = jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=" + type + ",*\"}");
        for (JsonValue name : found.path("value")) {
            if (name.asText().contains("name=\"" + id + "\"")) {
                return name.asText();
            }
        }
        throw new AssertionError("no Camel MBean " + type + " " + id + " in " + found);
    }

    private static String exec(String mbean, String operation, Object... arguments) throws IOException {
        return "{\"type\":\"exec\",\"mbean\":" + JsonValue.quote(mbean) + ",\"operation\":\"" + operation
                + "\",\"arguments\":" + JsonValue.array(arguments) + "}";
    }

    private JsonValue jolokia(String request) throws Exception {
        HttpResponse<String> response = post("/jolokia/", request, null);
        assertEquals(200, response.statusCode(), response.body());
        return JsonValue.parse(response.body());
    }

    private HttpResponse<String> post(String path, String body, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with a Host header of our choosing (the JDK's client will not send one). Returns the status. */
    private int rawGet(String path, String host) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private int port() {
        return context.getRegistry().lookupByNameAndType("opsHttpServer", OpsHttpServer.class).port();
    }
}

package io.dualmodem.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppProcess;
import io.dualmodem.testing.JsonValue;
import io.dualmodem.testing.HeadlessChromium;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar in simulation, its demo failing over and back: Jolokia as shaded into the jar (its services and
 * access policy), and the status page as headless Chromium draws it, saved as {@code target/status-page.png}.
 */
class OpsPagesIT {


    @TempDir
    Path home;

    @Test
    void statusPageAfterAFailoverAndBackDrawnByChromiumAndJolokiaServedByThePackagedJar() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.in(home);
        Path jar = home.resolve("dual-modem-telemetry.jar");
        Files.copy(Path.of(System.getProperty("app.jar")), jar);
        int receiver = freePort();
        int ops = freePort();
        Map<String, String> quick = Map.ofEntries(Map.entry("hardware.mode", "simulation"),
                Map.entry("demo.receiver-port", Integer.toString(receiver)),
                Map.entry("uplink.url", "http://127.0.0.1:" + receiver + "/readings"), Map.entry("sensor.interval", "1s"),
                Map.entry("ops.http-port", Integer.toString(ops)),
                Map.entry("demo.cut-primary-after", "6s"), Map.entry("demo.restore-primary-after", "9s"),
                Map.entry("demo.hold-down", "8s"), Map.entry("modem.sim-boot-delay", "1s"),
                Map.entry("modem.power-pulse", "500ms"), Map.entry("modem.status-poll", "100ms"));
        try (AppProcess app = AppProcess.startJar(jar, home, quick)) {
            String base = "http://127.0.0.1:" + ops;
            HttpClient http = HttpClient.newHttpClient();
            String history = "{\"type\":\"read\",\"mbean\":\"io.dualmodem:type=Modems\",\"attribute\":\"SwitchHistory\"}";
            // start-up, a -> b (the demo cuts a), b -> a (fail-back after the hold-down)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> !app.isAlive()
                    || jolokia(http, base, history).path("value").size() >= 3);
            assertTrue(app.isAlive(), app.output());

            JsonValue sampled = jolokia(http, base, "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=dual-modem-telemetry,"
                    + "type=routes,name=\\\"sample-temperature\\\"\",\"attribute\":\"ExchangesCompleted\"}");
            assertTrue(sampled.path("value").asLong() > 5, "Camel's route MBean read over HTTP: " + sampled);
            JsonValue gc = jolokia(http, base, "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}");
            assertEquals(403, gc.path("status").asInt(), "the packaged access policy refuses it: " + gc);

            String dom = chromium.dom(base + "/");
            assertTrue(dom.contains("<span class=\"tag sim\">SIMULATION</span>"), dom);
            assertTrue(dom.matches("(?s).*<span class=\"pill\"[^>]*>a</span> → <span class=\"pill\"[^>]*>b</span></td>"
                    + "<td>NetworkManager: ttyUSB\\d unavailable</td>.*"), dom);
            assertTrue(dom.contains("<td>fail-back to a: hold-down of 8 s passed</td>"), dom);
            assertTrue(dom.contains("<path class=\"line\" d=\"M"), "the temperature line: " + dom);
            assertTrue(dom.contains("fill=\"#ea580c\"") && dom.contains("fill=\"#2563eb\""), "a and b both in the line timeline");

            Path png = Path.of("target", "status-page.png");
            chromium.screenshot(base + "/", png, 1000, 1000);
            assertArrayEquals(new int[] {1000, 1000}, HeadlessChromium.pngSize(png));
        }
    }

    private static JsonValue jolokia(HttpClient http, String base, String request) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/jolokia/"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JsonValue.parse(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}

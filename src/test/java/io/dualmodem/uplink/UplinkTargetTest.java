package io.dualmodem.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.settings.SettingsException;
import io.dualmodem.testing.TestSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** uplink.url and uplink.headers: credentials become headers, the URL goes out as written, secrets are never shown. */
class UplinkTargetTest {

    private static UplinkTarget target(String url, String headers) {
        return UplinkTarget.of(URI.create(url), headers);
    }

    @Test
    void userInfoBecomesBasicAuthenticationAndLeavesTheRequestUri() throws Exception {
        UplinkTarget t = target("https://meter%2D1:p%40ss:word@example.test:8443/in/readings?key=a+b%2Bc&sig=x%26y", "");
        assertEquals("https://example.test:8443/in/readings?key=a+b%2Bc&sig=x%26y", t.requestUri(), "byte for byte, no user info");
        HttpPost post = new HttpPost(t.requestUri());
        t.credentials().process(post, null, new BasicHttpContext());
        String basic = post.getFirstHeader("Authorization").getValue();
        assertEquals("meter-1:p@ss:word", new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8));
        assertEquals("https://***@example.test:8443/in/readings?***", t.shown());
    }

    @Test
    void headersAreAddedOnlyToRequestsForTheUplinksHost() throws Exception {
        UplinkTarget t = target("http://example.test/readings", "Authorization: Bearer abc.def | X-Device-Key: k-123");
        assertEquals(List.of("Authorization", "X-Device-Key"), t.headerNames());
        HttpPost ours = new HttpPost("http://example.test:80/readings");
        t.credentials().process(ours, null, new BasicHttpContext());
        assertEquals("Bearer abc.def", ours.getFirstHeader("Authorization").getValue());
        assertEquals("k-123", ours.getFirstHeader("X-Device-Key").getValue());
        for (String other : new String[] {"http://other.test/readings", "https://example.test/readings",
                "http://example.test:8080/readings"}) {
            HttpPost elsewhere = new HttpPost(other);
            t.credentials().process(elsewhere, null, new BasicHttpContext());
            assertEquals(0, elsewhere.getHeaders().length, other);
        }
    }

    @Test
    void twoTargetsOnOneClientGiveEachUrlItsOwnCredentials() throws Exception {
        Map<String, String> authorization = new java.util.concurrent.ConcurrentHashMap<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorization.put(exchange.getRequestURI().getPath(),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        UplinkTarget readings = target(base.replace("//", "//meter:pw-1@") + "/readings", "");
        UplinkTarget status = target(base.replace("//", "//events:pw-2@") + "/status", "");
        org.apache.hc.client5.http.impl.classic.HttpClientBuilder builder =
                org.apache.hc.client5.http.impl.classic.HttpClients.custom();
        readings.addCredentials(builder);
        status.addCredentials(builder);
        try (var client = builder.build()) {
            for (UplinkTarget t : List.of(readings, status)) {
                client.execute(new HttpPost(t.requestUri()), response -> null);
            }
        } finally {
            server.stop(0);
        }
        assertEquals(Map.of("/readings", basic("meter:pw-1"), "/status", basic("events:pw-2")), authorization);
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void redactionRemovesUserInfoQueryValuesAndHeaderValues() {
        UplinkTarget t = target("https://meter:s3cret@example.test/in?apikey=TOKEN123&n=1", "X-Key: hdr-secret-9");
        String text = t.redact("failed: https://meter:s3cret@example.test/in?apikey=TOKEN123&n=1 key TOKEN123 hdr-secret-9 s3cret");
        for (String secret : new String[] {"s3cret", "TOKEN123", "hdr-secret-9"}) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(text.contains("example.test"), "the host is no secret: " + text);
        assertFalse(t.toString().contains("s3cret") || t.toString().contains("TOKEN123"), t.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "uplink.url|http://user:pw@example.test/readings#frag|a fragment",
        "uplink.url|http://example.test:99999/readings|not a TCP port",
        "uplink.url|http://example.test:0/readings?token=sec-ret|not a TCP port",
        "uplink.url|http://example.test/rééadings?token=sec-ret|not plain ASCII",
        "uplink.headers|Bearer sec-ret-token|not 'Name: value'",
        "uplink.headers|X Key: sec-ret|no valid header name",
        "uplink.headers|Content-Type: text/plain|set by the application",
        "uplink.headers|X-Key:|empty",
    })
    void aRequestTheClientCouldNeverSendStopsStartUpNamingTheKeyWithoutTheSecret(String key, String value, String why) {
        SettingsException e = assertThrows(SettingsException.class, () -> TestSettings.load(Map.of(key, value)));
        assertTrue(e.getMessage().startsWith("Invalid setting " + key + "="), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        for (String secret : new String[] {"pw", "sec-ret"}) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
    }

    @Test
    void credentialsTwiceAreRefused() {
        SettingsException e = assertThrows(SettingsException.class, () -> TestSettings.load(Map.of(
                "uplink.url", "http://u:pw@example.test/r", "uplink.headers", "Authorization: Bearer t0ken")));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
        assertFalse(e.getMessage().contains("t0ken") || e.getMessage().contains(":pw"), e.getMessage());
    }

    @Test
    void aBadUrlIsShownWithoutItsUserInfoOrQuery() {
        SettingsException e = assertThrows(SettingsException.class, () -> TestSettings.load(Map.of(
                "uplink.url", "ftp://u:pw@example.test/r?token=sec-ret")));
        assertEquals("Invalid setting uplink.url=ftp://***@example.test/r?***: expected an http:// or https:// URL with a host",
                e.getMessage());
    }

    @Test
    void theNewSettingsHaveTheirDefaults() {
        var s = TestSettings.load(Map.of());
        assertEquals(java.time.Duration.ofHours(1), s.uplink().retryAfterMax());
        assertEquals(10_000, s.outbox().quarantineCapacity());
        assertEquals(List.of(), s.uplink().target().headerNames());
    }
}

package io.dualmodem.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dualmodem.testing.AppRouteTestSupport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Events reach the readings server's {@code /status} through the outbox file: the start-up, an hourly status (every
 * second here), and a switch made while the server was down, which arrives once the server is back.
 */
class EventsRouteTest extends AppRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("uplink.status-interval", "1s");
        p.put("modem.a.monthly-quota", "1GB");
        return p;
    }

    private List<JsonNode> events(String type) {
        return server.events().stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    @Test
    void startStatusAndASwitchMadeOfflineReachTheServer() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> !events("start").isEmpty() && !events("status").isEmpty());
        JsonNode start = events("start").get(0);
        assertEquals("dev", start.path("version").asText(), "no jar manifest in a route test");
        assertTrue(start.path("outbox").has("depth"), start.toString());
        assertEquals("a:gsm-3gpi-soracom", start.path("data-use").get(0).path("sim").asText(), start.toString());
        assertEquals(1_000_000_000L, start.path("data-use").get(0).path("quota").asLong());
        JsonNode status = events("status").get(0);
        assertTrue(status.path("uptime-seconds").asLong() >= 0 && status.has("modem-control"), status.toString());
        assertTrue(Instant.parse(status.path("time").asText()).isAfter(Instant.now().minusSeconds(60)));

        // the server goes away; the operator switches meanwhile
        ObjectName modems = new ObjectName("io.dualmodem:type=Modems");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> String.valueOf(
                ManagementFactory.getPlatformMBeanServer().getAttribute(modems, "ActiveModem")).startsWith("a "));
        server.stop();
        int switchesBefore = events("switch").size();
        String result = (String) ManagementFactory.getPlatformMBeanServer().invoke(modems, "switchTo",
                new Object[] {"b"}, new String[] {"java.lang.String"});
        assertTrue(result.contains("a -> b (operator via JMX): ok"), result);
        assertEquals(switchesBefore, events("switch").size(), "the server is down: nothing can have arrived");

        server.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> events("switch").stream()
                .anyMatch(e -> "b".equals(e.path("to").asText())));
        JsonNode offline = events("switch").stream().filter(e -> "b".equals(e.path("to").asText())).findFirst().orElseThrow();
        assertEquals("a", offline.path("from").asText());
        assertEquals("operator via JMX", offline.path("reason").asText());
        assertTrue(offline.path("ok").asBoolean());
        assertTrue(offline.path("millis").asLong() >= 0 && offline.path("steps").size() > 0, offline.toString());
        assertTrue(offline.path("steps").get(0).has("millis"), offline.toString());
        assertFalse(offline.path("id").asText().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> events("radio").stream()
                .anyMatch(r -> "b".equals(r.path("modem").asText())));
        JsonNode radioOnB = events("radio").stream().filter(r -> "b".equals(r.path("modem").asText())).findFirst()
                .orElseThrow();
        assertTrue(radioOnB.path("seq").asLong() > offline.path("seq").asLong(), "the switch, then the radio after it");
        assertTrue(radioOnB.path("unavailable").asText().startsWith("no ModemManager"), radioOnB.toString());

        Set<Long> seqs = new HashSet<>();
        for (JsonNode e : server.events()) {
            seqs.add(e.path("seq").asLong());
        }
        assertEquals(seqs.size(), server.events().stream().map(e -> e.path("id").asText()).distinct().count(),
                "one id per seq");
    }
}

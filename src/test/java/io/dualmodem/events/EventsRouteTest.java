package io.dualmodem.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

    private List<Map<String, Object>> events(String type) {
        return server.events().stream().filter(e -> type.equals(e.get("type"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    @Test
    void startStatusAndASwitchMadeOfflineReachTheServer() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> !events("start").isEmpty() && !events("status").isEmpty());
        Map<String, Object> start = events("start").get(0);
        assertEquals("dev", start.get("version"), "no jar manifest in a route test");
        assertTrue(object(start.get("outbox")).containsKey("depth"), start.toString());
        Map<String, Object> simA = object(((List<?>) start.get("data-use")).get(0));
        assertEquals("a:gsm-3gpi-soracom", simA.get("sim"), start.toString());
        assertEquals(1_000_000_000L, number(simA.get("quota")));
        Map<String, Object> status = events("status").get(0);
        assertTrue(number(status.get("uptime-seconds")) >= 0 && status.containsKey("modem-control"), status.toString());
        assertTrue(Instant.parse((String) status.get("time")).isAfter(Instant.now().minusSeconds(60)));

        // the server goes away; the operator switches meanwhile
        ObjectName modems = new ObjectName("io.dualmodem:type=Modems");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> String.valueOf(
                ManagementFactory.getPlatformMBeanServer().getAttribute(modems, "ActiveModem")).startsWith("a "));
        server.stop();
        String result = (String) ManagementFactory.getPlatformMBeanServer().invoke(modems, "switchTo",
                new Object[] {"b"}, new String[] {"java.lang.String"});
        assertTrue(result.contains("a -> b (operator via JMX): ok"), result);
        // (a start-up switch's event whose POST was under way when the server stopped may still land: not this one)
        assertTrue(events("switch").stream().noneMatch(e -> "b".equals(e.get("to"))), "the server is down: nothing can have arrived");

        server.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> events("switch").stream().anyMatch(e -> "b".equals(e.get("to"))));
        Map<String, Object> offline = events("switch").stream().filter(e -> "b".equals(e.get("to"))).findFirst().orElseThrow();
        assertEquals("a", offline.get("from"));
        assertEquals("operator via JMX", offline.get("reason"));
        assertEquals(true, offline.get("ok"));
        List<?> steps = (List<?>) offline.get("steps");
        assertTrue(number(offline.get("millis")) >= 0 && !steps.isEmpty(), offline.toString());
        assertTrue(object(steps.get(0)).containsKey("millis"), offline.toString());
        assertFalse(((String) offline.get("id")).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> events("radio").stream().anyMatch(r -> "b".equals(r.get("modem"))));
        Map<String, Object> radioOnB = events("radio").stream().filter(r -> "b".equals(r.get("modem"))).findFirst()
                .orElseThrow();
        assertTrue(number(radioOnB.get("seq")) > number(offline.get("seq")), "the switch, then the radio after it");
        assertTrue(((String) radioOnB.get("unavailable")).startsWith("no ModemManager"), radioOnB.toString());

        long seqs = server.events().stream().map(e -> number(e.get("seq"))).distinct().count();
        assertEquals(seqs, server.events().stream().map(e -> e.get("id")).distinct().count(), "one id per seq");
    }
}

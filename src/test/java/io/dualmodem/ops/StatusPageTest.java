package io.dualmodem.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.modem.SwitchRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPageTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private final StatusPage page = new StatusPage(ZoneOffset.UTC);
    private final Map<String, String> names = new LinkedHashMap<>(Map.of("a", "3gpi-1, gsm-3gpi-soracom"));

    StatusPageTest() {
        names.put("b", "3gpi-2, gsm-3gpi-softbank");
    }

    private StatusSnapshot snapshot(List<TemperatureHistory.Point> temps, List<SwitchRecord> switches, List<SimDataUse> use,
                                    StatusSnapshot.Health health) {
        return new StatusSnapshot(NOW, NOW.minus(Duration.ofHours(30)), "pi-<01>", false, health,
                new StatusSnapshot.Line("b", "a", "ON_SECONDARY", "on", names),
                new StatusSnapshot.Queue(42, 100000, 1234, NOW.minusSeconds(90).toString(), null), temps, switches, use);
    }

    private static SwitchRecord record(Instant at, String from, String to, String reason, SwitchRecord.Failure failure) {
        return new SwitchRecord(at.toString(), from, to, reason, failure, 18021, "link up", failure == SwitchRecord.Failure.NONE ? to : from,
                List.of());
    }

    @Test
    void theChartHasOnePointPerSlotAndBreaksAtAGap() {
        List<TemperatureHistory.Point> temps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            temps.add(new TemperatureHistory.Point(Duration.ofMinutes(600 - i), 20, 21, 20.5));
        }
        for (int i = 0; i < 10; i++) {
            temps.add(new TemperatureHistory.Point(Duration.ofMinutes(100 - i), 22, 23, 22.5));
        }
        String html = page.render(snapshot(temps, List.of(), List.of(), new StatusSnapshot.Health(true, List.of())));
        Matcher line = Pattern.compile("<path class=\"line\" d=\"([^\"]*)\"").matcher(html);
        assertTrue(line.find(), html);
        String d = line.group(1);
        assertEquals(2, d.chars().filter(c -> c == 'M').count(), "two runs, not bridged over the gap: " + d);
        assertEquals(28, d.chars().filter(c -> c == 'L').count(), d);
        assertTrue(html.contains("22.5 °C"), "latest mean in the card");
        assertTrue(html.contains("low 20.0 · high 23.0 °C"), html);
    }

    @Test
    void timelineColoursTheLinesBetweenSwitchesAndTheTableListsThemNewestFirstWithReasons() {
        List<SwitchRecord> switches = List.of(
                record(NOW.minus(Duration.ofHours(30)), null, "a", "start-up: remembered modem", SwitchRecord.Failure.NONE),
                record(NOW.minus(Duration.ofHours(6)), "a", "b", "3 failed line checks on a, last: probe <timeout>", SwitchRecord.Failure.NONE),
                record(NOW.minus(Duration.ofHours(3)), "b", "a", "fail-back to a: hold-down of 30 min passed", SwitchRecord.Failure.ACTIVATION),
                record(NOW.minus(Duration.ofHours(1)), "a", "b", "NetworkManager: ttyUSB3 unavailable", SwitchRecord.Failure.NONE));
        String html = page.render(snapshot(List.of(), switches, List.of(), new StatusSnapshot.Health(true, List.of())));
        // a from 24 h ago (the start-up record before the window) to the switch 6 h ago, then b (the fail-back failed), then b
        Matcher rects = Pattern.compile("<rect x=\"([\\d.]+)\" y=\"\\d+\" width=\"([\\d.]+)\" height=\"\\d+\" fill=\"(#\\w+)\">").matcher(html);
        List<String> fills = new ArrayList<>();
        double total = 0;
        while (rects.find()) {
            fills.add(rects.group(3));
            total += Double.parseDouble(rects.group(2));
        }
        assertEquals(List.of("#2563eb", "#ea580c", "#ea580c", "#ea580c"), fills);
        assertEquals(900 - 52 - 16, total, 0.5, "the bar covers the whole day");
        assertEquals(3, html.split("<line class=\"switch").length - 1, "one marker per switch of the last 24 h");
        assertEquals(1, html.split("<line class=\"switch failed\"").length - 1, "the failed one marked as such");
        String table = html.substring(html.indexOf("<table>"));
        int newest = table.indexOf("NetworkManager: ttyUSB3 unavailable");
        int older = table.indexOf("3 failed line checks on a, last: probe &lt;timeout&gt;");
        assertTrue(newest > 0 && older > newest, "newest first, text escaped");
        assertTrue(html.contains("<td class=\"failed\">FAILED in 18.0 s"), html);
        assertTrue(html.contains("<h1>pi-&lt;01&gt;</h1>"), "device id escaped");
    }

    @Test
    void healthProblemsAndAnUplinkAlarmAreShownAndDataUseIsNeverMadeUp() {
        StatusSnapshot s = snapshot(List.of(), List.of(), List.of(),
                new StatusSnapshot.Health(false, List.of("dual-modem/uplink: no upload accepted for 960 s; 32 readings waiting")));
        String html = page.render(s);
        assertTrue(html.contains("<div class=\"health down\"><b>Needs attention</b><div>dual-modem/uplink: no upload accepted"), html);
        assertTrue(html.contains("No SIM counted yet"), html);
        assertFalse(html.contains("MiB"), "no byte figure without counters");

        String counted = page.render(snapshot(List.of(), List.of(), List.of(new SimDataUse("a", "8981100000000000000", 3_000_000, 1_000_000,
                5_000_000L)), new StatusSnapshot.Health(true, List.of())));
        assertTrue(counted.contains("<b>3.8 MiB</b>"), counted);
        assertTrue(counted.contains("80 % of 4.8 MiB"), counted);
    }
}

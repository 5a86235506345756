package io.dualmodem.failover;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.modem.ModemState;
import io.dualmodem.modem.SwitchRecord;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.outbox.Reading;
import io.dualmodem.testing.AppProcess;
import io.dualmodem.testing.BedPowerPlug;
import io.dualmodem.testing.Testbed;
import io.dualmodem.uplink.Payload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole application, as its own process inside the test bed's edge namespace, on real
 * NetworkManager over two veth "modems" (simulated boards add and remove their veth), uploading to
 * a real HTTP receiver in the isp namespace that logs each request's client address. Each scenario
 * checks that every reading the application stored arrived, and which switches happened; it prints
 * its detection and recovery times (measurements, not assertions).
 */
class FailoverScenariosIT {

    private static final Pattern STORED = Pattern.compile("Stored reading seq=(\\d+) id=([0-9a-f-]{36})");
    private static final List<String> TABLE = new ArrayList<>();

    @TempDir
    Path dir;
    private Testbed bed;
    private BedPowerPlug plug;
    private AppProcess app;
    private Path receiverLog;

    @AfterEach
    void tearDown(TestInfo test) throws Exception {
        if (app != null) {
            app.stop();
            Path logs = Files.createDirectories(Path.of("target", "scenario-logs"));
            Files.writeString(logs.resolve(test.getTestMethod().orElseThrow().getName() + ".log"), app.output());
        }
        if (plug != null) {
            plug.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    @AfterAll
    static void printTable() throws IOException {
        List<String> out = new ArrayList<>(List.of(
                "| scenario | detection | time to recover | readings lost | switches |", "|---|---|---|---|---|"));
        out.addAll(TABLE);
        System.out.println(String.join("\n", out));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/failover-scenarios.md"), out);
    }

    private void start(Map<String, String> overrides, String... bedSetup) throws Exception {
        bed = Testbed.start(Files.createDirectories(dir.resolve("bed")));
        plug = BedPowerPlug.start(bed, dir);
        receiverLog = dir.resolve("receiver.log");
        bed.command("http-server 8080 " + receiverLog);
        for (String command : bedSetup) {
            bed.command(command);
        }
        Map<String, String> p = new HashMap<>(Testbed.appSettings(dir));
        p.put("hardware.mode", "simulation");
        p.put("modem.power-pulse", "500ms");
        p.put("modem.status-poll", "100ms");
        p.put("modem.status-timeout", "2s");
        p.put("modem.power-attempts", "2");
        p.put("modem.power-backoff", "500ms");
        p.put("modem.reset-pulse", "500ms");
        p.put("modem.sim-boot-delay", "1s");
        p.put("modem.sim-power-hook", plug.hook());
        p.putAll(overrides);
        app = AppProcess.startVia(bed.inEdge(), dir, p);
    }

    /** Accepted uploads as the receiver logged them: client address and reading ids, in order. */
    private List<Map.Entry<String, List<String>>> uploads() throws IOException {
        List<Map.Entry<String, List<String>>> out = new ArrayList<>();
        if (!Files.exists(receiverLog)) {
            return out;
        }
        for (String line : Files.readAllLines(receiverLog)) {
            if (line.contains("\"events\":[")) {
                continue; // the events posted to /status, not readings
            }
            int space = line.indexOf(' ');
            byte[] body = unescape(line.substring(space + 1)).getBytes(StandardCharsets.UTF_8);
            List<String> ids = Payload.read(body).stream().map(Reading::id).toList();
            out.add(Map.entry(line.substring(0, space), ids));
        }
        return out;
    }

    /** Undoes the receiver's escaping of one logged body: {@code \\n}, {@code \\r} and {@code \\\\}. */
    private static String unescape(String logged) {
        StringBuilder out = new StringBuilder(logged.length());
        for (int i = 0; i < logged.length(); i++) {
            char c = logged.charAt(i);
            if (c == '\\' && i + 1 < logged.length()) {
                char next = logged.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Waits until an upload from {@code address} arrives after the first {@code after} uploads; returns when it was seen. */
    private Instant awaitUploadVia(String address, int after, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Map.Entry<String, List<String>>> u = uploads();
            return u.size() > after && u.subList(after, u.size()).stream().anyMatch(e -> e.getKey().equals(address));
        });
        return Instant.now();
    }

    private int uploadCount() throws IOException {
        return uploads().size();
    }

    /**
     * Waits until every reading stored so far has arrived, stops the application, and returns how many
     * stored readings are neither at the server nor still waiting in the outbox: those are lost.
     */
    private int lostAfterDraining() throws Exception {
        Set<String> stored = storedIds();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> arrivedIds().containsAll(stored));
        app.stop();
        Set<String> all = storedIds();
        all.removeAll(arrivedIds());
        try (Outbox outbox = new Outbox(dir.resolve("outbox.db"), 1_000_000, "bed-pi")) {
            outbox.oldest(1_000_000).forEach(r -> all.remove(r.id()));
        }
        return all.size();
    }

    private Set<String> storedIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : app.lines()) {
            Matcher m = STORED.matcher(line);
            if (m.find()) {
                ids.add(m.group(2));
            }
        }
        return ids;
    }

    private Set<String> arrivedIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        uploads().forEach(u -> ids.addAll(u.getValue()));
        return ids;
    }

    /** Switches the policy made (the start-up restore is not one), as "a->b". */
    private List<String> policySwitches() {
        List<String> out = new ArrayList<>();
        for (SwitchRecord r : new ModemState(dir.resolve("modem-state.json")).history()) {
            if (!r.reason().startsWith("start-up")) {
                out.add(r.from() + "->" + r.to() + (r.ok() ? "" : " (failed)"));
            }
        }
        return out;
    }

    /** When the application logged its first failover decision after {@code since}. */
    private Instant decisionAfter(Instant since) {
        for (String line : app.lines()) {
            if (line.contains("Failover decision")) {
                Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
                if (!at.isBefore(since)) {
                    return at;
                }
            }
        }
        return null;
    }

    private static String seconds(Instant from, Instant to) {
        return from == null || to == null ? "-" : String.format("%.1f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    private void row(String scenario, String detection, String recovery, int lost, List<String> switches) {
        TABLE.add("| " + scenario + " | " + detection + " | " + recovery + " | " + lost + " | " + switches + " |");
    }

    @Test
    void carrierLossOnTheActiveLinkThenFailBackAfterTheHoldDown() throws Exception {
        start(Map.of(), "power-off B");
        awaitUploadVia(Testbed.ADDRESS_A, 0, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> uploadCount() >= 3);
        int before = uploadCount();
        Instant cut = Instant.now();
        bed.command("carrier-off A");
        Instant onB = awaitUploadVia(Testbed.ADDRESS_B, before, Duration.ofSeconds(60));
        Instant decided = decisionAfter(cut);
        int beforeFailBack = uploadCount();
        Instant backOnA = awaitUploadVia(Testbed.ADDRESS_A, beforeFailBack, Duration.ofSeconds(90));
        Instant failBackDecided = decisionAfter(onB);
        await().atMost(Duration.ofSeconds(20)).until(() -> uploadCount() >= beforeFailBack + 5);
        int lost = lostAfterDraining();
        List<String> switches = policySwitches();
        assertEquals(0, lost);
        assertEquals(List.of("a->b", "b->a"), switches);
        row("carrier loss on the active link", seconds(cut, decided), seconds(cut, onB), lost, switches.subList(0, 1));
        row("primary restored: fail-back after the 20 s hold-down", seconds(onB, failBackDecided) + " (hold-down)",
                seconds(failBackDecided, backOnA), lost, switches.subList(1, 2));
    }

    @Test
    void linkUpButSilentIsCaughtByTheProbe() throws Exception {
        start(Map.of("link.hold-down", "10m"), "power-off B");
        awaitUploadVia(Testbed.ADDRESS_A, 0, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> uploadCount() >= 3);
        int before = uploadCount();
        Instant cut = Instant.now();
        bed.command("drop A");
        Instant onB = awaitUploadVia(Testbed.ADDRESS_B, before, Duration.ofSeconds(60));
        Instant decided = decisionAfter(cut);
        await().atMost(Duration.ofSeconds(20)).until(() -> uploadCount() >= before + 5);
        int lost = lostAfterDraining();
        assertEquals(0, lost);
        assertEquals(List.of("a->b"), policySwitches());
        assertTrue(app.lines().stream().anyMatch(l -> l.contains("Failover decision") && l.contains("failed line checks")),
                "the probe, not NetworkManager, caught it");
        row("link up but silent (nftables drop)", seconds(cut, decided), seconds(cut, onB), lost, policySwitches());
    }

    @Test
    void serverAnswering500ForMinutesNeverSwitches() throws Exception {
        start(Map.of(), "power-off B");
        awaitUploadVia(Testbed.ADDRESS_A, 0, Duration.ofSeconds(60));
        Path status = Path.of(receiverLog + ".status");
        Files.writeString(status, "500");
        Thread.sleep(45_000); // the fault lasts this long: a scenario duration, not an assertion
        int before = uploadCount();
        Instant healed = Instant.now();
        Files.delete(status);
        Instant resumed = awaitUploadVia(Testbed.ADDRESS_A, before, Duration.ofSeconds(60));
        int lost = lostAfterDraining();
        assertEquals(0, lost);
        assertEquals(List.of(), policySwitches());
        assertTrue(app.lines().stream().anyMatch(l -> l.contains("SERVER fault")), "the 500s were seen");
        row("server answering 500 for 45 s", "- (no line fault)", seconds(healed, resumed) + " after the server healed",
                lost, policySwitches());
    }

    @Test
    void serverProcessDownForAMinuteNeverSwitches() throws Exception {
        start(Map.of(), "power-off B");
        awaitUploadVia(Testbed.ADDRESS_A, 0, Duration.ofSeconds(60));
        bed.command("http-stop 8080");
        Thread.sleep(60_000); // the outage lasts this long: a scenario duration, not an assertion
        int before = uploadCount();
        Instant back = Instant.now();
        bed.command("http-server 8080 " + receiverLog);
        Instant resumed = awaitUploadVia(Testbed.ADDRESS_A, before, Duration.ofSeconds(60));
        int lost = lostAfterDraining();
        assertEquals(0, lost);
        assertEquals(List.of(), policySwitches(), "the server's host answered with RST: the line works");
        assertTrue(app.lines().stream().anyMatch(l -> l.contains("refused (the host answered)")), "the probe saw the refusals");
        row("server process down 60 s (its host answers RST)", "- (no line fault)",
                seconds(back, resumed) + " after the server came back", lost, policySwitches());
    }

    @Test
    void flappingLinkSwitchesNoMoreThanTheCap() throws Exception {
        start(Map.of("link.hold-down", "5s", "link.max-switches-per-hour", "4"), "power-off B");
        awaitUploadVia(Testbed.ADDRESS_A, 0, Duration.ofSeconds(60));
        Instant start = Instant.now();
        while (Duration.between(start, Instant.now()).toSeconds() < 90) {
            // down long enough to be a dead line (8 s), up again briefly (6 s): the primary flaps
            flap("carrier-off A", 8_000);
            flap("carrier-on A", 6_000);
        }
        flap("carrier-on A", 0);
        int lost = lostAfterDraining();
        List<String> switches = policySwitches();
        assertEquals(0, lost);
        assertTrue(switches.size() <= 4, "no more than the cap: " + switches);
        assertTrue(switches.size() >= 1, "the dead periods were noticed: " + switches);
        boolean capped = app.lines().stream().anyMatch(l -> l.contains("switch cap of 4 an hour reached"));
        row("flapping primary (8 s down / 6 s up for 90 s, hold-down 5 s, cap 4/h)", "-",
                capped ? "cap reached, stayed put" : "-", lost, switches);
    }

    /**
     * While both lines are dead, each try of the primary again (leaving the secondary, which never
     * proved itself) waits the both-down back-off after the previous switch ended, doubling each
     * time (5 s, 10 s, 20 s here); leaving the primary that failed its trial needs no wait.
     */
    private void assertAlternationsBackOff(Instant outageEnd, Duration backoff) {
        List<SwitchRecord> during = new ModemState(dir.resolve("modem-state.json")).history().stream()
                .filter(r -> !r.reason().startsWith("start-up") && Instant.parse(r.at()).isBefore(outageEnd)).toList();
        int alternation = 0;
        for (int i = 1; i < during.size(); i++) {
            if (!"b".equals(during.get(i).from())) {
                continue;
            }
            Instant previousEnd = Instant.parse(during.get(i - 1).at()).plusMillis(during.get(i - 1).millis());
            Duration gap = Duration.between(previousEnd, Instant.parse(during.get(i).at()));
            Duration wanted = backoff.multipliedBy(1L << alternation++).minusMillis(100);
            assertTrue(gap.compareTo(wanted) >= 0, "try " + alternation + " of a came " + gap + " after the previous switch, "
                    + "before its back-off " + wanted + ": " + during);
        }
        assertTrue(alternation >= 2, "the outage was long enough to alternate twice: " + during);
    }

    private void flap(String command, long thenWaitMillis) throws Exception {
        try {
            bed.command(command);
        } catch (IllegalStateException e) {
            // board a is powered off by a switch: its link cannot flap now
        }
        Thread.sleep(thenWaitMillis); // the flap period of the scenario, not an assertion
    }

    @Test
    void primaryBoardThatNeverPowersOnIsLeftAlone() throws Exception {
        start(Map.of("modem.a.sim-fault", "stuck-off"), "power-off A", "power-off B");
        Instant onB = awaitUploadVia(Testbed.ADDRESS_B, 0, Duration.ofSeconds(90));
        Thread.sleep(30_000); // longer than the 20 s hold-down, shorter than the 60 s board-fail hold
        int lost = lostAfterDraining();
        List<SwitchRecord> history = new ModemState(dir.resolve("modem-state.json")).history();
        assertEquals(0, lost);
        assertEquals(2, history.size(), history.toString());
        assertTrue(!history.get(0).ok() && history.get(0).targetPowerFailed(), history.get(0).summary());
        assertTrue(history.get(1).ok() && history.get(1).to().equals("b"), history.get(1).summary());
        assertTrue(uploads().stream().allMatch(u -> u.getKey().equals(Testbed.ADDRESS_B)));
        String firstLine = app.lines().stream().filter(l -> STORED.matcher(l).find()).findFirst().orElseThrow();
        Instant firstStored = Instant.parse(firstLine.substring(0, firstLine.indexOf(' ')));
        row("primary board never powers on (start-up)", "-", seconds(firstStored, onB) + " from the first reading", lost,
                List.of("a (failed, RESET escalation)", "->b"));
    }

    @Test
    void bothLinesDownThenOneBackDrainsTheBacklog() throws Exception {
        start(Map.of(), "power-off B");
        awaitUploadVia(Testbed.ADDRESS_A, 0, Duration.ofSeconds(60));
        bed.command("drop A");
        bed.command("drop B");
        Instant dropped = Instant.now();
        // both lines dead until the primary has been tried again twice (about 40 s here; longer on a loaded machine)
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> triesOfAAgain() >= 2);
        int before = uploadCount();
        Instant back = Instant.now();
        bed.command("undrop B");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> uploadCount() > before);
        Instant recovered = Instant.now();
        int lost = lostAfterDraining();
        List<String> switches = policySwitches();
        assertEquals(0, lost);
        assertTrue(switches.size() <= 6, switches.toString());
        assertAlternationsBackOff(back, Duration.ofSeconds(5));
        row("both lines down " + seconds(dropped, back) + ", then B back", "-", seconds(back, recovered) + " after B came back",
                lost, switches);
    }

    /** Switches back from b to a so far, start-up's aside. */
    private long triesOfAAgain() {
        return new ModemState(dir.resolve("modem-state.json")).history().stream()
                .filter(r -> !r.reason().startsWith("start-up") && "b".equals(r.from())).count();
    }
}

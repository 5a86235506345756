package io.dualmodem.modem;

import io.dualmodem.testing.TestSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.datause.ActiveLine;
import io.dualmodem.datause.DataUse;
import io.dualmodem.datause.DataUseFile;
import io.dualmodem.datause.InterfaceCounters;
import io.dualmodem.datause.Sim;
import io.dualmodem.sim.SimulatedBoard;
import io.dualmodem.time.Boot;
import io.dualmodem.testing.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's nmcli code and switch against real NetworkManager in the fenced test bed. The
 * boards are simulated (no GPIO here), and their power changes add or remove the modem's veth, so
 * NetworkManager really sees the device vanish and return.
 */
class ModemSwitchOnNetworkManagerIT {

    private static final PowerTiming FAST = new PowerTiming(Duration.ofMillis(600), Duration.ofMillis(100),
            Duration.ofSeconds(2), 2, Duration.ofMillis(200), Duration.ofMillis(600));

    @TempDir
    Path dir;
    private Testbed bed;
    private CamelContext camel;
    private SimulatedBoard boardA;
    private SimulatedBoard boardB;
    private Path receiverLog;

    @BeforeEach
    void startBed() throws Exception {
        bed = Testbed.start(dir);
        camel = new DefaultCamelContext();
        camel.start();
        receiverLog = dir.resolve("receiver.log");
        bed.command("http-server 8080 " + receiverLog);
        bed.command("power-off B");
    }

    @AfterEach
    void stopBed() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (bed != null) {
            bed.close();
        }
    }

    private ModemSwitch modemSwitch(Duration bootDelay, PowerTiming timing, Nmcli nmcli) {
        boardA = board("A", bootDelay, true);
        boardB = board("B", bootDelay, false);
        Clock clock = Clock.systemUTC();
        return new ModemSwitch(List.of(
                new Modem("a", new ModemBoard("3gpi-1", boardA, timing, clock, Pause.REAL), profile("modem-a", "modemA", 1), true),
                new Modem("b", new ModemBoard("3gpi-2", boardB, timing, clock, Pause.REAL), profile("modem-b", "modemB", 2), false)),
                nmcli, new ModemState(dir.resolve("modem-state.json")), clock, Pause.REAL, Duration.ofSeconds(20));
    }

    private SimulatedBoard board(String link, Duration bootDelay, boolean on) {
        SimulatedBoard board = new SimulatedBoard(Clock.systemUTC(), bootDelay, bootDelay.dividedBy(2), on);
        board.onPowerChange(powered -> {
            try {
                bed.command((powered ? "power-on " : "power-off ") + link);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return board;
    }

    private Nmcli nmcli(Path binary, Duration timeout) {
        return new Nmcli(new CamelExecRunner(camel.createProducerTemplate()), binary.toString(), timeout, Duration.ofSeconds(30));
    }

    /** Profiles of type ethernet on the veths: on the Pi they are gsm; the switch does not care. */
    private static ProfileSpec profile(String name, String ifname, int net) {
        return new ProfileSpec(name, "ethernet", ifname, List.of("ipv4.method", "manual",
                "ipv4.addresses", "10.200." + net + ".2/24", "ipv4.gateway", "10.200." + net + ".1",
                "ipv6.method", "disabled"), "", null);
    }

    /** Posts from edge to the bed's server and returns the client address the server saw. */
    private String clientAddressOfALiveRequest(String marker) throws Exception {
        String out = bed.exec("curl -s -m 5 -X POST -d " + marker + " http://" + Testbed.SERVER + ":8080/");
        assertTrue(out.startsWith("exit=0"), out);
        return Files.readAllLines(receiverLog).stream().filter(l -> l.endsWith(" " + marker)).findFirst()
                .map(l -> l.split(" ")[0]).orElseThrow(() -> new AssertionError("request " + marker + " not logged"));
    }

    @Test
    void switchMovesTheDefaultRouteAndLiveTrafficToTheOtherLinkAndBack() throws Exception {
        ModemSwitch modems = modemSwitch(Duration.ZERO, FAST, nmcli(bed.nmcli(), Duration.ofSeconds(10)));
        SwitchRecord start = modems.switchTo("a", "start-up");
        assertTrue(start.ok(), start::summary);
        assertEquals(Testbed.ADDRESS_A, clientAddressOfALiveRequest("first"));

        SwitchRecord toB = modems.switchTo("b", "test");
        assertTrue(toB.ok(), () -> toB.summary() + " " + toB.steps());
        assertTrue(bed.exec("ip route show default").contains("dev modemB"), bed.exec("ip route show default"));
        assertFalse(bed.exec("ip link show modemA").startsWith("exit=0"), "board a powered off: its device is gone");
        assertEquals(Testbed.ADDRESS_B, clientAddressOfALiveRequest("second"));

        SwitchRecord back = modems.switchTo("a", "fail back");
        assertTrue(back.ok(), back::summary);
        assertEquals(Testbed.ADDRESS_A, clientAddressOfALiveRequest("third"));
        System.out.printf("switch on the test bed, boot delay 0 (software overhead): a->b %d ms, b->a %d ms%n",
                toB.millis(), back.millis());
    }

    @Test
    void stuckBoardEscalatesIsReportedAndThePreviousLineComesBack() throws Exception {
        ModemSwitch modems = modemSwitch(Duration.ZERO, FAST, nmcli(bed.nmcli(), Duration.ofSeconds(10)));
        assertTrue(modems.switchTo("a", "start-up").ok());
        boardB.fail(SimulatedBoard.Fault.STUCK_OFF);
        SwitchRecord record = assertTimeoutPreemptively(FAST.worstCase().multipliedBy(3).plusSeconds(60),
                () -> modems.switchTo("b", "test"));
        assertFalse(record.ok());
        assertTrue(record.outcome().contains("b did not power on"), record.outcome());
        assertTrue(record.steps().stream().anyMatch(s -> s.what().equals("3gpi-2 power-on") && s.outcome().startsWith("FAILED")),
                record.steps()::toString);
        assertEquals(1, modems.find("b").orElseThrow().board().failures());
        assertTrue(record.steps().stream().anyMatch(s -> s.what().equals("3gpi-2: RESET pulse")), "escalated to a reset");
        assertEquals(Testbed.ADDRESS_A, clientAddressOfALiveRequest("still-a"));
    }

    @Test
    void nmcliThatIsMissingFailsClearlyAndOneThatHangsIsKilledAtItsTimeout() throws Exception {
        NmcliException missing = assertThrows(NmcliException.class,
                () -> nmcli(dir.resolve("no-such-nmcli"), Duration.ofSeconds(5)).devices());
        assertTrue(missing.getMessage().contains("nmcli not found"), missing.getMessage());

        Path hanging = dir.resolve("hanging-nmcli");
        Files.writeString(hanging, "#!/bin/sh\nexec sleep 300\n");
        Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwx------"));
        NmcliException hung = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(NmcliException.class, () -> nmcli(hanging, Duration.ofSeconds(2)).devices()));
        assertTrue(hung.getMessage().contains("did not finish within 2 s"), hung.getMessage());

        // a system bus on which no NetworkManager runs
        Path bus = dir.resolve("empty-bus");
        Process dbus = new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--address=unix:path=" + bus).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(bus); i++) {
                Thread.sleep(50); // waiting for the daemon's socket, not an assertion
            }
            Path notRunning = dir.resolve("nm-not-running");
            Files.writeString(notRunning, "#!/bin/sh\nDBUS_SYSTEM_BUS_ADDRESS=unix:path=" + bus + " exec /usr/bin/nmcli \"$@\"\n");
            Files.setPosixFilePermissions(notRunning, PosixFilePermissions.fromString("rwx------"));
            NmcliException down = assertThrows(NmcliException.class, () -> nmcli(notRunning, Duration.ofSeconds(10)).devices());
            assertEquals(8, down.exitCode(), down.getMessage());
            assertTrue(down.getMessage().contains("NetworkManager is not running"), down.getMessage());
        } finally {
            dbus.destroy();
            dbus.waitFor();
        }
    }

    @Test
    void fullSwitchWithTheVendorTimings() throws Exception {
        ModemSwitch modems = modemSwitch(Duration.ofSeconds(8), TestSettings.vendorTiming(), nmcli(bed.nmcli(), Duration.ofSeconds(10)));
        assertTrue(modems.switchTo("a", "start-up").ok());
        SwitchRecord record = modems.switchTo("b", "test");
        assertTrue(record.ok(), record::summary);
        assertEquals(Testbed.ADDRESS_B, clientAddressOfALiveRequest("vendor"));
        System.out.printf("switch on the test bed, vendor timings (3 s pulse, 1 s poll) and an 8 s simulated boot: %d ms%n",
                record.millis());
    }

    /**
     * Data use per SIM against the kernel's own counters of the real veths: known traffic over a, a switch to b (a's
     * interface deleted), back to a (a new interface whose counters start at 0), and a restart without a clean stop.
     * Each total is bracketed by two reads of the kernel's counters in edge, before and after the meter's reading.
     */
    @Test
    void dataUseOfEachSimMatchesTheKernelsCountersAcrossSwitchesAndARestart() throws Exception {
        Nmcli nmcli = nmcli(bed.nmcli(), Duration.ofSeconds(10));
        ModemSwitch modems = modemSwitch(Duration.ZERO, FAST, nmcli);
        Path state = dir.resolve("data-use.json");
        // the JVM runs outside edge: it reads edge's /sys/class/net through a process that lives there
        InterfaceCounters edgeCounters = new InterfaceCounters(Path.of("/proc", bed.pid(), "root/sys/class/net"));
        List<Sim> sims = List.of(Sim.of("a", "modem-a", "", 0), Sim.of("b", "modem-b", "", 0));
        Clock monotonic = Clock.systemUTC();
        DataUse meter = new DataUse(sims, edgeCounters, new DataUseFile(state), Clock.systemUTC(), ZoneId.of("UTC"),
                () -> true, monotonic, Duration.ofHours(1), Boot.id());
        ActiveLine line = new ActiveLine(meter, nmcli);

        switchWithMeter(modems, line, "a");
        assertEquals(Optional.of("modemA"), nmcli.ipInterface("modemA"), "NetworkManager's GENERAL.IP-IFACE");
        send(300_000, "a1");
        long a1 = bracket(meter, "a", "modemA", 0);
        assertTrue(a1 > 300_000, "the meter saw the upload: " + a1);

        long aBeforeSwitch = kernelBytes("modemA");
        line.beforeSwitch();
        long aAtSwitch = used(meter, "a");
        long aAfterReadingIt = kernelBytes("modemA");
        assertTrue(aBeforeSwitch <= aAtSwitch && aAtSwitch <= aAfterReadingIt,
                aBeforeSwitch + " <= " + aAtSwitch + " <= " + aAfterReadingIt);
        SwitchRecord toB = modems.switchTo("b", "test");
        assertTrue(toB.ok(), toB::summary);
        line.lineChanged("b", "modemB", Optional.of(toB));
        send(200_000, "b1");
        long b1 = bracket(meter, "b", "modemB", 0);
        assertTrue(b1 > 200_000, "b's SIM counted: " + b1);
        assertEquals(aAtSwitch, used(meter, "a"), "nothing more for a while b is active");

        switchWithMeter(modems, line, "a"); // modemA is created again: its counters start at 0
        long bAtSwitch = used(meter, "b"); // b's line read once more before it went: the TCP close's last packets
        assertTrue(bAtSwitch >= b1 && bAtSwitch < b1 + 2_000, b1 + " then " + bAtSwitch);
        send(100_000, "a2");
        long a2 = bracket(meter, "a", "modemA", aAtSwitch);

        // kill -9 (no close, nothing saved since the switch) and a restart on the same, still living, modemA
        send(50_000, "a3");
        DataUse restarted = new DataUse(sims, edgeCounters, new DataUseFile(state), Clock.systemUTC(), ZoneId.of("UTC"),
                () -> true, monotonic, Duration.ofHours(1), Boot.id());
        restarted.lineIs("a", "modemA");
        long a3 = bracket(restarted, "a", "modemA", aAtSwitch);
        assertTrue(a3 > a2 + 50_000, "the bytes sent while no meter ran are counted: " + a2 + " then " + a3);
        assertEquals(bAtSwitch, used(restarted, "b"), "b's count survived the restart as it was saved at the switch");
        System.out.printf("data use on the test bed: a %d + %d bytes (kernel counters of two modemA instances), b %d bytes%n",
                aAtSwitch, a3 - aAtSwitch, b1);
    }

    private void switchWithMeter(ModemSwitch modems, ActiveLine line, String target) throws Exception {
        line.beforeSwitch();
        SwitchRecord record = modems.switchTo(target, "test");
        assertTrue(record.ok(), record::summary);
        line.lineChanged(target, "modem" + target.toUpperCase(), Optional.of(record));
    }

    /** POSTs {@code bytes} random bytes from edge to the bed's server over the active link. */
    private void send(int bytes, String name) throws Exception {
        Path body = dir.resolve(name + ".bin");
        byte[] data = new byte[bytes];
        new java.util.Random(bytes).nextBytes(data);
        Files.write(body, data);
        String out = bed.exec("curl -s -m 20 -o /dev/null -X POST --data-binary @" + body + " http://" + Testbed.SERVER
                + ":8080/");
        assertTrue(out.startsWith("exit=0"), out);
    }

    /** tx_bytes + rx_bytes of the interface, as the kernel in edge shows them. */
    private long kernelBytes(String iface) throws Exception {
        long sum = 0;
        for (String counter : List.of("tx_bytes", "rx_bytes")) {
            String out = bed.exec("cat /sys/class/net/" + iface + "/statistics/" + counter);
            assertTrue(out.startsWith("exit=0"), out);
            sum += Long.parseLong(out.lines().skip(1).findFirst().orElseThrow().trim());
        }
        return sum;
    }

    /** Reads the kernel, lets the meter read, reads the kernel again: the SIM's total must lie between. */
    private long bracket(DataUse meter, String board, String iface, long before) throws Exception {
        long low = before + kernelBytes(iface);
        meter.sample();
        long used = used(meter, board);
        long high = before + kernelBytes(iface);
        assertTrue(low <= used && used <= high, board + ": kernel " + low + " <= meter " + used + " <= kernel " + high);
        return used;
    }

    private static long used(DataUse meter, String board) {
        return meter.thisMonth().stream().filter(u -> u.board().equals(board)).findFirst().orElseThrow().bytes().total();
    }
}

package io.dualmodem.datause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.dualmodem.modem.NetworkManager;
import io.dualmodem.modem.NmcliException;
import io.dualmodem.modem.ProfileSpec;
import io.dualmodem.testing.CapturedLog;
import io.dualmodem.testing.Folders;
import io.dualmodem.testing.VirtualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The meter's arithmetic on a folder laid out like {@code /sys/class/net} (real files the test writes, as the kernel
 * would): resets, switches, month rollover, an unsynchronized clock, quota warnings, and persistence in a real file
 * across restarts and a crash. {@code DataUseOnVethIT} checks it against the kernel's own counters.
 */
class DataUseTest {

    private static final Sim A = Sim.of("a", "gsm-3gpi-soracom", "", 1_000_000);
    private static final Sim B = Sim.of("b", "gsm-3gpi-softbank", "8981200000000000001", 0);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path dir;
    private Path classNet;
    private Path file;
    /** The wall clock: 2026-11-30 20:00 in Tokyo. */
    private final VirtualTime wall = new VirtualTime("2026-11-30T11:00:00Z");
    private final VirtualTime monotonic = new VirtualTime();
    private final AtomicBoolean synced = new AtomicBoolean(true);

    @BeforeEach
    void layOut() {
        classNet = dir.resolve("class-net");
        file = dir.resolve("data/data-use.json");
    }

    private DataUse meter(String boot) {
        return new DataUse(List.of(A, B), new InterfaceCounters(classNet), new DataUseFile(file), wall, TOKYO,
                synced::get, monotonic, Duration.ofMinutes(15), boot);
    }

    /** What the kernel shows for an interface: its index and counters. */
    private void kernel(String iface, int ifindex, long sent, long received) throws IOException {
        Path d = classNet.resolve(iface);
        Files.createDirectories(d.resolve("statistics"));
        Files.writeString(d.resolve("ifindex"), ifindex + "\n");
        Files.writeString(d.resolve("statistics/tx_bytes"), sent + "\n");
        Files.writeString(d.resolve("statistics/rx_bytes"), received + "\n");
    }

    private void interfaceGone(String iface) throws IOException {
        Folders.delete(classNet.resolve(iface));
    }

    private static Totals used(DataUse meter, String board) {
        return meter.thisMonth().stream().filter(u -> u.board().equals(board)).findFirst().orElseThrow().bytes();
    }

    @Test
    void countsWhatTheCountersAddedSinceTheInterfaceWasCreated() throws IOException {
        kernel("ppp0", 7, 1_000, 2_000);
        DataUse meter = meter("boot-1");
        meter.lineIs("a", "ppp0");
        assertEquals(new Totals(1_000, 2_000), used(meter, "a"), "a new interface started from zero: all of it is new");
        kernel("ppp0", 7, 1_500, 2_600);
        meter.sample();
        meter.sample();
        assertEquals(new Totals(1_500, 2_600), used(meter, "a"));
        assertEquals(Totals.NONE, used(meter, "b"));
        assertEquals("a:gsm-3gpi-soracom on ppp0", meter.line());
    }

    @Test
    void aSaveInterruptedByTheApplicationStoppingIsNoDiskFaultAndTheSaveAtStopWritesIt() throws IOException {
        kernel("ppp0", 7, 1_000, 2_000);
        DataUse meter = meter("boot-1");
        try (CapturedLog log = CapturedLog.of(DataUse.class)) {
            Thread.currentThread().interrupt(); // the stop interrupts the link watch's worker during a switch
            try {
                meter.lineIs("a", "ppp0");
            } finally {
                Thread.interrupted();
            }
            assertEquals(List.of(), log.at(Level.WARN), "no 'free space or fix the permissions' for a stop");
        }
        meter.close();
        assertEquals(new Totals(1_000, 2_000), used(meter("boot-1"), "a"), "the save at stop wrote it");
    }

    @Test
    void aRecreatedInterfaceRestartsAtZeroAndNothingIsLostOrCountedTwice() throws IOException {
        DataUse meter = meter("boot-1");
        kernel("ppp0", 7, 100, 200);
        meter.lineIs("a", "ppp0");
        kernel("ppp0", 7, 300, 500);
        meter.sample();
        // reconnect: ppp0 goes away and comes back as another interface, counting from zero
        interfaceGone("ppp0");
        meter.sample();
        assertTrue(meter.line().contains("not there"), meter.line());
        kernel("ppp0", 8, 40, 60);
        meter.sample();
        assertEquals(new Totals(340, 560), used(meter, "a"));
        // the same index but counters lower than read before: reset too (counted from zero)
        kernel("ppp0", 8, 10, 10);
        meter.sample();
        assertEquals(new Totals(350, 570), used(meter, "a"));
    }

    @Test
    void anInterfaceNetworkManagerCannotNameAtTheSwitchIsAskedForAgainAtEachCount() throws IOException {
        DataUse meter = meter("boot-1");
        List<String> answers = new java.util.ArrayList<>(List.of("timeout", "", "ppp0"));
        NetworkManager network = new NetworkManager() {
            @Override public Optional<String> ipInterface(String device) {
                String answer = answers.remove(0);
                if (answer.equals("timeout")) {
                    throw new NmcliException("nmcli -t -f GENERAL.IP-IFACE device show " + device
                            + " did not finish within 15 s and was killed", 143);
                }
                return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
            }
            @Override public List<Device> devices() { throw new UnsupportedOperationException(); }
            @Override public List<Profile> profiles() { throw new UnsupportedOperationException(); }
            @Override public void add(ProfileSpec spec) { throw new UnsupportedOperationException(); }
            @Override public void up(ProfileSpec spec, String device) { throw new UnsupportedOperationException(); }
            @Override public void down(String profile) { throw new UnsupportedOperationException(); }
            @Override public Link link(String device) { throw new UnsupportedOperationException(); }
        };
        kernel("ppp0", 7, 100, 100);
        new ActiveLine(meter, network).lineChanged("a", "ttyUSB3", Optional.empty());
        assertEquals("none: no IP interface known for modem a", meter.line());
        meter.sample(); // NetworkManager has no interface for it yet
        assertEquals(Totals.NONE, used(meter, "a"));
        kernel("ppp0", 7, 300, 400);
        meter.sample();
        assertEquals(new Totals(300, 400), used(meter, "a"), "counted once it was named");
        assertTrue(answers.isEmpty());
        meter.sample();
        assertTrue(answers.isEmpty(), "not asked again once known");
    }

    @Test
    void aSwitchReadsTheOldLineLastAndCountsTheNewOneForTheOtherSim() throws IOException {
        DataUse meter = meter("boot-1");
        kernel("ppp0", 7, 100, 100);
        meter.lineIs("a", "ppp0");
        kernel("ppp0", 7, 150, 180);
        new ActiveLine(meter, null).beforeSwitch(); // the link watch, before it powers the old modem off
        interfaceGone("ppp0");
        kernel("ppp0", 9, 20, 30); // b's connection: a new ppp0
        meter.lineIs("b", "ppp0");
        kernel("ppp0", 9, 25, 45);
        meter.sample();
        assertEquals(new Totals(150, 180), used(meter, "a"));
        assertEquals(new Totals(25, 45), used(meter, "b"));
        assertTrue(meter.thisMonth().stream().filter(u -> u.board().equals("b")).findFirst().orElseThrow().active());
        assertEquals("b:8981200000000000001", meter.thisMonth().get(1).sim(), "the ICCID names b's SIM");
    }

    @Test
    void aRestartGoesOnFromTheSavedCountersOfTheSameInterface() throws IOException {
        kernel("wwan0", 3, 1_000, 1_000);
        DataUse first = meter("boot-1");
        first.lineIs("a", "wwan0");
        kernel("wwan0", 3, 1_200, 1_500);
        first.close();
        kernel("wwan0", 3, 2_000, 3_000); // traffic while the application was down, same boot, same interface
        DataUse second = meter("boot-1");
        second.lineIs("a", "wwan0");
        assertEquals(new Totals(2_000, 3_000), used(second, "a"), "exactly the kernel's counters: nothing twice");
    }

    @Test
    void aCrashBetweenSavesLosesNothingWhileTheInterfaceLives() throws IOException {
        kernel("ppp0", 7, 0, 0);
        DataUse crashed = meter("boot-1");
        crashed.lineIs("a", "ppp0"); // saved at the switch
        for (int i = 1; i <= 5; i++) {
            kernel("ppp0", 7, i * 1_000L, i * 2_000L);
            monotonic.advance(Duration.ofMinutes(1));
            crashed.sample(); // not saved: the save interval has not passed
        }
        assertEquals(new Totals(5_000, 10_000), used(crashed, "a"));
        // kill -9: no close. The file still holds the counters of the last save, with the totals of then.
        DataUse after = meter("boot-1");
        after.lineIs("a", "ppp0");
        assertEquals(new Totals(5_000, 10_000), used(after, "a"));
    }

    @Test
    void savesOnlyEverySaveIntervalToSpareTheSdCard() throws IOException {
        kernel("ppp0", 7, 0, 0);
        DataUse meter = meter("boot-1");
        meter.lineIs("a", "ppp0");
        String saved = Files.readString(file);
        kernel("ppp0", 7, 500, 500);
        monotonic.advance(Duration.ofMinutes(14));
        meter.sample();
        assertEquals(saved, Files.readString(file), "no write before 15 min");
        monotonic.advance(Duration.ofMinutes(1));
        meter.sample();
        assertTrue(Files.readString(file).contains("500"), Files.readString(file));
    }

    @Test
    void afterARebootTheOldCountersMeanNothing() throws IOException {
        kernel("ppp0", 7, 5_000, 5_000);
        DataUse before = meter("boot-1");
        before.lineIs("a", "ppp0");
        before.close();
        kernel("ppp0", 7, 300, 400); // after the power cut: a new ppp0, which happens to get the same index
        DataUse after = meter("boot-2");
        after.lineIs("a", "ppp0");
        assertEquals(new Totals(5_300, 5_400), used(after, "a"));
    }

    @Test
    void aNewMonthStartsAtZeroAndTheOldOneStaysInTheHistory() throws IOException {
        kernel("ppp0", 7, 100, 100);
        DataUse meter = meter("boot-1");
        meter.lineIs("a", "ppp0");
        wall.advance(Duration.ofHours(4)); // 2026-12-01 00:00 in Tokyo (still November in UTC)
        kernel("ppp0", 7, 130, 170);
        meter.sample();
        assertEquals(new Totals(30, 70), used(meter, "a"));
        assertEquals(List.of("a:gsm-3gpi-soracom 2026-11 200", "a:gsm-3gpi-soracom 2026-12 100"),
                meter.history().stream().map(u -> u.sim() + " " + u.month() + " " + u.bytes().total()).toList());
    }

    @Test
    void bytesReadBeforeTheClockIsSynchronizedGoToTheMonthOfTheFirstSynchronizedReading() throws IOException {
        synced.set(false);
        wall.advance(Duration.ofDays(-60)); // fake-hwclock's time: two months old
        kernel("ppp0", 7, 100, 100);
        DataUse meter = meter("boot-1");
        meter.lineIs("a", "ppp0");
        assertEquals(new Totals(100, 100), meter.unattributed().get("a:gsm-3gpi-soracom"));
        assertTrue(meter.history().isEmpty(), "no month is given while the clock may be wrong");
        wall.advance(Duration.ofDays(60)); // NTP steps the clock
        synced.set(true);
        kernel("ppp0", 7, 110, 150);
        meter.sample();
        assertEquals(List.of("a:gsm-3gpi-soracom 2026-11 260"),
                meter.history().stream().map(u -> u.sim() + " " + u.month() + " " + u.bytes().total()).toList());
        assertTrue(meter.unattributed().isEmpty());
    }

    @Test
    void theQuotaWarningIsOneLinePerMonthPerSim() throws IOException {
        List<SimUse> warnings = new ArrayList<>();
        try (CapturedLog log = CapturedLog.of(DataUse.class)) {
            kernel("ppp0", 7, 0, 0);
            DataUse meter = meter("boot-1");
            meter.onQuotaWarning(warnings::add);
            meter.lineIs("a", "ppp0");
            kernel("ppp0", 7, 300_000, 400_000);
            meter.sample();
            assertTrue(warnings.isEmpty(), "70 %: no warning yet");
            kernel("ppp0", 7, 400_000, 450_000);
            meter.sample();
            kernel("ppp0", 7, 500_000, 600_000);
            meter.sample();
            assertTrue(meter.overQuota("a"));
            assertFalse(meter.overQuota("b"), "b has no quota");
            meter.close();
            DataUse restarted = meter("boot-1");
            restarted.onQuotaWarning(warnings::add);
            restarted.lineIs("a", "ppp0");
            kernel("ppp0", 7, 600_000, 600_000);
            restarted.sample();
            assertEquals(1, warnings.size(), "one warning, even across a restart");
            assertEquals(1, log.at(Level.WARN).size());
            assertTrue(log.at(Level.WARN).get(0).getFormattedMessage().contains("85 % of its quota 1.0 MB"),
                    log.at(Level.WARN).get(0).getFormattedMessage());
            wall.advance(Duration.ofDays(2)); // December: a new month, a new warning once it is used again
            kernel("ppp0", 7, 1_400_000, 600_000);
            restarted.sample();
            assertEquals(2, warnings.size());
            assertEquals("2026-12", warnings.get(1).month());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"months\": {\"a:gsm-3gpi-soracom\": {\"2026-11\": ",
        "{\"interfaces\": {\"ppp0\": {\"ifindex\": 7, \"sent\": 1, \"received\": 2}}}",
        "{\"months\": {\"a-gsm-3gpi-soracom\": {\"2026-11\": {\"sent\": 1, \"received\": 2}}}}"})
    void aDamagedFileIsMovedAsideAndCountingStartsAgain(String damaged) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, damaged);
        kernel("ppp0", 7, 10, 10);
        DataUse meter = meter("boot-1");
        meter.lineIs("a", "ppp0");
        assertEquals(new Totals(10, 10), used(meter, "a"));
        try (var aside = Files.list(file.getParent())) {
            assertTrue(aside.anyMatch(p -> p.getFileName().toString().startsWith("data-use.json.corrupt-")));
        }
    }

    @Test
    void aFailedWriteIsReportedKeptInMemoryAndRetried() throws IOException {
        Files.createDirectories(file.resolveSibling("data-use.json.tmp")); // a folder where the temporary file goes
        kernel("ppp0", 7, 10, 10);
        DataUse meter = meter("boot-1");
        meter.lineIs("a", "ppp0");
        assertNotNull(meter.writeError());
        assertEquals(new Totals(10, 10), used(meter, "a"));
        Files.delete(file.resolveSibling("data-use.json.tmp"));
        meter.sample();
        assertNull(meter.writeError());
        assertEquals(new Totals(10, 10), used(meter("boot-1"), "a"));
    }

    @Test
    void withoutAnInterfaceNothingIsCountedAndTheReasonIsShown() {
        DataUse meter = meter("boot-1");
        meter.lineIs("a", null);
        meter.sample();
        assertEquals("none: no IP interface known for modem a", meter.line());
        assertEquals(Totals.NONE, used(meter, "a"));
    }
}

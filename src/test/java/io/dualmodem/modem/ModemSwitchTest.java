package io.dualmodem.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.sim.SimulatedBoard;
import io.dualmodem.sim.SimulatedNetworkManager;
import io.dualmodem.testing.TestSettings;
import io.dualmodem.testing.VirtualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModemSwitchTest {

    @TempDir
    Path dir;
    private final VirtualTime time = new VirtualTime();
    private SimulatedBoard boardA;
    private SimulatedBoard boardB;
    private SimulatedNetworkManager nm;

    @BeforeEach
    void setUp() {
        boardA = new SimulatedBoard(time, Duration.ofSeconds(8), Duration.ofSeconds(4), true);
        boardB = new SimulatedBoard(time, Duration.ofSeconds(8), Duration.ofSeconds(4), false);
        nm = new SimulatedNetworkManager();
        nm.attach(boardA, "10.0.1.2", "44010");
        nm.attach(boardB, "10.0.2.2", "44020");
    }

    /** The simulated NetworkManager, for a test to make one of its calls fail. */
    private class Simulated implements NetworkManager {
        @Override public List<Device> devices() { return nm.devices(); }
        @Override public List<Profile> profiles() { return nm.profiles(); }
        @Override public void add(ProfileSpec spec) { nm.add(spec); }
        @Override public void up(ProfileSpec spec, String device) { nm.up(spec, device); }
        @Override public void down(String profile) { nm.down(profile); }
        @Override public Link link(String device) { return nm.link(device); }
    }

    private ModemSwitch modemSwitch(NetworkManager networkManager) {
        List<Modem> modems = List.of(
                new Modem("a", new ModemBoard("a", boardA, TestSettings.vendorTiming(), time, time), spec("gsm-3gpi-soracom", "44010"), true),
                new Modem("b", new ModemBoard("b", boardB, TestSettings.vendorTiming(), time, time), spec("gsm-3gpi-softbank", "44020"), false));
        ModemState state = new ModemState(dir.resolve("modem-state.json"));
        return new ModemSwitch(modems, networkManager, state, time, time, Duration.ofSeconds(60));
    }

    private static ProfileSpec spec(String name, String operator) {
        return new ProfileSpec(name, "gsm", "*", List.of("gsm.apn", "x", "gsm.sim-operator-id", operator), "gsm.password", "pw");
    }

    @Test
    void switchPowersTheActiveBoardOffTheOtherOnAndBringsItsLinkUp() throws Exception {
        ModemSwitch modems = modemSwitch(nm);
        assertTrue(modems.switchTo("a", "start-up").ok());
        SwitchRecord record = modems.switchTo("b", "test");
        assertTrue(record.ok(), record::summary);
        assertFalse(boardA.isModuleOn());
        assertTrue(boardB.isModuleOn());
        assertEquals("10.0.2.2", nm.activeAddress());
        assertEquals("b", modems.active().orElseThrow().id());
        assertEquals("test", record.reason());
        assertTrue(record.steps().stream().anyMatch(s -> s.what().startsWith("nmcli connection add gsm-3gpi-softbank")));
    }

    @Test
    void activeModemAndHistorySurviveARestart() throws Exception {
        ModemSwitch modems = modemSwitch(nm);
        modems.switchTo("a", "start-up");
        modems.switchTo("b", "line dead");
        ModemState reread = new ModemState(dir.resolve("modem-state.json"));
        assertEquals("b", reread.active());
        assertEquals(2, reread.history().size());
        assertEquals("line dead", reread.history().get(1).reason());
        assertEquals(modems.state().history().get(1).steps(), reread.history().get(1).steps());
    }

    @Test
    void targetThatNeverPowersOnIsReportedAndThePreviousModemComesBack() throws Exception {
        ModemSwitch modems = modemSwitch(nm);
        modems.switchTo("a", "start-up");
        boardB.fail(SimulatedBoard.Fault.STUCK_OFF);
        Duration before = time.slept();
        SwitchRecord record = modems.switchTo("b", "test");
        assertFalse(record.ok());
        assertTrue(record.outcome().contains("b did not power on") && record.outcome().contains("back on a"), record.outcome());
        assertTrue(boardA.isModuleOn());
        assertEquals("10.0.1.2", nm.activeAddress());
        assertEquals("a", modems.active().orElseThrow().id());
        Duration took = time.slept().minus(before);
        assertTrue(took.compareTo(Duration.ofMinutes(5)) < 0, "bounded: " + took);
    }

    @Test
    void failingNmcliFailsTheSwitchWithoutLeavingBothModemsOff() throws Exception {
        ModemSwitch working = modemSwitch(nm);
        working.switchTo("a", "start-up");
        NetworkManager broken = new Simulated() {
            @Override public void up(ProfileSpec spec, String device) {
                if (spec.name().contains("softbank")) {
                    throw new NmcliException("nmcli --wait 60 connection up did not finish within 65 s and was killed", 143);
                }
                nm.up(spec, device);
            }
        };
        SwitchRecord record = modemSwitch(broken).switchTo("b", "test");
        assertFalse(record.ok());
        assertTrue(record.steps().stream().anyMatch(s -> s.outcome().contains("was killed")), record.steps().toString());
        assertTrue(boardA.isModuleOn());
        assertFalse(boardB.isModuleOn());
        assertEquals("10.0.1.2", nm.activeAddress());
    }

    @Test
    void linkThatCannotBeReadAfterActivationFailsTheSwitchAndThePreviousModemComesBack() throws Exception {
        ModemSwitch working = modemSwitch(nm);
        working.switchTo("a", "start-up");
        NetworkManager flaky = new Simulated() {
            @Override public Link link(String device) {
                if (boardB.isModuleOn()) {
                    throw new NmcliException("nmcli device show " + device + " failed (exit 10, Error: Device '" + device
                            + "' not found.)", 10);
                }
                return nm.link(device);
            }
        };
        ModemSwitch modems = modemSwitch(flaky);
        SwitchRecord record = modems.switchTo("b", "test");
        assertFalse(record.ok());
        assertEquals(SwitchRecord.Failure.LINK_NOT_UP, record.failure());
        assertTrue(record.steps().stream().anyMatch(s -> s.outcome().contains("not found")), record.steps().toString());
        assertBackOnA(modems);
        assertEquals(2, modems.state().history().size(), "the failed switch is recorded");
    }

    @Test
    void gpioChipThatStopsAnsweringFailsTheSwitchAndThePreviousModemComesBack() throws Exception {
        ModemSwitch modems = modemSwitch(nm);
        modems.switchTo("a", "start-up");
        boardB.fail(SimulatedBoard.Fault.GPIO_GONE);
        assertEquals(SwitchRecord.Failure.POWER, modems.switchTo("b", "test").failure());
        assertBackOnA(modems);
    }

    private void assertBackOnA(ModemSwitch modems) {
        assertTrue(boardA.isModuleOn());
        assertFalse(boardB.isModuleOn());
        assertEquals("10.0.1.2", nm.activeAddress());
        assertEquals("a", modems.state().active());
    }

    @Test
    void startUpOnTheRememberedModemPowersTheOtherBoardOffAndTakesItsOwnDevice() throws Exception {
        Files.writeString(dir.resolve("modem-state.json"), "{\"active\":\"b\",\"history\":[]}");
        ModemSwitch modems = modemSwitch(nm);
        assertTrue(boardA.isModuleOn(), "board a is on at boot (the vendor's AUTO_ON)");
        SwitchRecord record = modems.ensureActive("b", "start-up").orElseThrow();
        assertTrue(record.ok(), record::summary);
        assertFalse(boardA.isModuleOn(), "only the target stays powered");
        assertTrue(boardB.isModuleOn());
        assertEquals("10.0.2.2", nm.activeAddress(), "b's profile is up on b's own modem");
        assertEquals("b", modems.state().active());
    }

    @Test
    void startUpWithNothingToDoSwitchesNothing() throws Exception {
        ModemSwitch modems = modemSwitch(nm);
        modems.switchTo("a", "start-up");
        assertTrue(modems.ensureActive("a", "start-up").isEmpty());
        assertEquals(1, modems.state().history().size());
    }

    @Test
    void powerCycleRevivesTheActiveModemAndBringsItsLinkBack() throws Exception {
        ModemSwitch modems = modemSwitch(nm);
        modems.switchTo("a", "start-up");
        java.util.List<Boolean> changes = new java.util.ArrayList<>();
        boardA.onPowerChange(changes::add);
        SwitchRecord record = modems.powerCycle("a", "operator");
        assertTrue(record.ok(), record::summary);
        assertEquals(List.of(false, true), changes);
        assertFalse(boardB.isModuleOn());
        assertEquals("10.0.1.2", nm.activeAddress());
    }

    @Test
    void aFailedSwitchKnowsItsCauseWithoutReadingText() throws Exception {
        ModemSwitch modems = modemSwitch(nm);
        modems.switchTo("a", "start-up");
        boardB.fail(SimulatedBoard.Fault.STUCK_OFF);
        SwitchRecord record = modems.switchTo("b", "test");
        assertEquals(SwitchRecord.Failure.POWER, record.failure());
        assertEquals("a", record.active(), "back on a");
        assertEquals("a", modems.state().active());
    }
}

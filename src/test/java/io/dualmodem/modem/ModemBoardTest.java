package io.dualmodem.modem;

import io.dualmodem.testing.TestSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.sim.SimulatedBoard;
import io.dualmodem.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModemBoardTest {

    private final VirtualTime time = new VirtualTime();
    private final PowerTiming vendor = TestSettings.vendorTiming();

    private SimulatedBoard board(boolean on) {
        return new SimulatedBoard(time, Duration.ofSeconds(8), Duration.ofSeconds(4), on);
    }

    private ModemBoard failing(SimulatedBoard sim, SimulatedBoard.Fault fault) {
        sim.fail(fault);
        return new ModemBoard("a", sim, vendor, time, time);
    }

    private static long steps(PowerResult r, String prefix) {
        return r.steps().stream().filter(s -> s.what().startsWith(prefix)).count();
    }

    @Test
    void boardAlreadyInTheWantedStateIsNotPulsed() throws Exception {
        SimulatedBoard sim = board(true);
        PowerResult r = new ModemBoard("a", sim, vendor, time, time).powerOn();
        assertTrue(r.ok());
        assertEquals(0, steps(r, "POWER"));
        assertTrue(sim.isModuleOn());
    }

    @Test
    void powerOnPulsesOnceAndWaitsForStatusLikeTheVendorTool() throws Exception {
        SimulatedBoard sim = board(false);
        List<Boolean> changes = new ArrayList<>();
        sim.onPowerChange(changes::add);
        PowerResult r = new ModemBoard("a", sim, vendor, time, time).powerOn();
        assertTrue(r.ok(), r::toString);
        assertEquals(1, steps(r, "POWER pulse"));
        assertEquals(List.of(true), changes);
        assertEquals(11_000, r.millis(), "3 s pulse + STATUS seen at the 8th one-second poll");
    }

    @Test
    void powerOffWaitsForStatusToDrop() throws Exception {
        SimulatedBoard sim = board(true);
        PowerResult r = new ModemBoard("a", sim, vendor, time, time).powerOff();
        assertTrue(r.ok());
        assertFalse(sim.isModuleOn());
        assertEquals(1, steps(r, "POWER pulse"));
    }

    @Test
    void slowBootIsSeenDuringTheBackOffAndNotToggledOffByABlindPulse() throws Exception {
        SimulatedBoard sim = board(false);
        sim.fail(SimulatedBoard.Fault.SLOW_BOOT); // boots in 14 s: after the 10 s STATUS timeout, within the back-off
        PowerResult r = new ModemBoard("a", sim, vendor, time, time).powerOn();
        assertTrue(r.ok(), r::toString);
        assertTrue(sim.isModuleOn());
        assertEquals(1, steps(r, "POWER pulse"), "a second pulse would have aborted the boot");
    }

    @Test
    void stuckBoardEscalatesToResetThenIsReportedFailedWithinItsBound() throws Exception {
        ModemBoard board = failing(board(false), SimulatedBoard.Fault.STUCK_OFF);
        PowerResult r = board.powerOn();
        assertFalse(r.ok());
        assertEquals(vendor.attempts() + 1, steps(r, "POWER pulse"));
        assertEquals(1, steps(r, "RESET pulse"));
        assertEquals(1, board.failures());
        assertTrue(time.slept().compareTo(vendor.worstCase()) <= 0, time.slept() + " > " + vendor.worstCase());
    }

    @Test
    void stuckStatusLineIsReportedNotLoopedOn() throws Exception {
        ModemBoard board = failing(board(true), SimulatedBoard.Fault.STATUS_STUCK);
        PowerResult r = board.powerOff();
        assertFalse(r.ok());
        assertEquals(vendor.attempts(), steps(r, "POWER pulse"));
        assertTrue(time.slept().compareTo(vendor.worstCase()) <= 0);
    }

    @Test
    void gpioChipThatStopsAnsweringFailsTheSequenceWithItsCause() throws Exception {
        SimulatedBoard sim = board(false);
        ModemBoard board = failing(sim, SimulatedBoard.Fault.GPIO_GONE);
        PowerResult r = board.powerOn();
        assertFalse(r.ok());
        assertTrue(r.steps().stream().anyMatch(s -> s.what().equals("GPIO") && s.outcome().contains("No such device")),
                r.steps().toString());
        assertEquals(1, board.failures());
        assertTrue(board.isOn(), "a STATUS line that cannot be read counts as on, so a switch tries to power it off");
        assertFalse(sim.isModuleOn());
    }

    @Test
    void shortPulsesDoNothingOnTheSimulatedModule() throws Exception {
        SimulatedBoard sim = board(false);
        sim.power(true);
        time.sleep(Duration.ofMillis(100));
        sim.power(false);
        time.sleep(Duration.ofSeconds(30));
        assertFalse(sim.isModuleOn());
    }

    @Test
    void pulseDuringBootAbortsItAsOnTheModule() throws Exception {
        SimulatedBoard sim = board(false);
        sim.power(true);
        time.sleep(Duration.ofSeconds(3));
        sim.power(false);
        time.sleep(Duration.ofSeconds(4));
        sim.power(true);
        time.sleep(Duration.ofSeconds(3));
        sim.power(false);
        time.sleep(Duration.ofSeconds(30));
        assertFalse(sim.isModuleOn());
    }

    @Test
    void resetRestartsARunningModule() throws Exception {
        SimulatedBoard sim = board(true);
        sim.reset(true);
        time.sleep(Duration.ofSeconds(1));
        sim.reset(false);
        assertFalse(sim.status());
        time.sleep(Duration.ofSeconds(8));
        assertTrue(sim.status());
    }
}

package io.dualmodem.sim;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The simulation: the demo receiver's port, the demo's cut and restore of the primary's line, how
 * long a simulated module boots, faults to simulate per board, and the power hook: a program run
 * as {@code HOOK BOARD on|off} whenever a simulated module powers on or off (the test bed plugs
 * and unplugs the modem's link there).
 */
public record SimulationSettings(int receiverPort, boolean demoFailover, Duration cutAfter, Duration restoreAfter,
                                 Duration demoHoldDown, Duration bootDelay, Map<String, SimulatedBoard.Fault> faults,
                                 List<String> powerHook) {
}

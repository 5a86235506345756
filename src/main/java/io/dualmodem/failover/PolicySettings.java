package io.dualmodem.failover;

import java.time.Duration;

/**
 * The failover policy's thresholds. Defaults are tuned for 3G: three failed line checks (about
 * 15 s of a dead line at the suspect probe rate) before a switch, three good checks to trust the
 * primary again, a 30 min hold-down before trying it, at most 6 switches an hour.
 */
public record PolicySettings(
        int failuresToSwitch,
        int goodChecksToStay,
        Duration holdDown,
        Duration maxHoldDown,
        int maxSwitchesPerHour,
        Duration bothDownBackoff,
        Duration maxBothDownBackoff,
        Duration boardFailHold) {

    public static PolicySettings defaults() {
        return new PolicySettings(3, 3, Duration.ofMinutes(30), Duration.ofHours(4), 6,
                Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofMinutes(10));
    }
}

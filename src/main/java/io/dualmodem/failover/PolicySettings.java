package io.dualmodem.failover;

import java.time.Duration;

/**
 * The failover policy's thresholds ({@code link.*}; the defaults, tuned for 3G, are in
 * {@code application.properties}).
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
}

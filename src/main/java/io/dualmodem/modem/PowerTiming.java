package io.dualmodem.modem;

import java.time.Duration;

/**
 * Bounds of a power sequence ({@code modem.*}; the defaults in {@code application.properties} are the
 * vendor tool's: a 3 s POWER pulse, STATUS polled every second for up to 10 s). We add further
 * attempts with a growing pause, then a RESET pulse.
 */
public record PowerTiming(Duration pulse, Duration poll, Duration timeout, int attempts, Duration backoff, Duration resetPulse) {

    /** The longest a power-on can take: every attempt, every back-off and the reset escalation. */
    public Duration worstCase() {
        Duration attempt = pulse.plus(timeout).plus(poll);
        Duration total = attempt.multipliedBy(attempts + 1L).plus(resetPulse).plus(timeout).plus(poll);
        for (int i = 1; i < attempts; i++) {
            total = total.plus(backoff.multipliedBy(i));
        }
        return total;
    }
}

package io.dualmodem.modem;

import java.time.Duration;

/** Waits; tests substitute virtual time so that power sequences run without sleeping. */
@FunctionalInterface
public interface Pause {

    Pause REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}

package io.dualmodem.testing;

import io.dualmodem.modem.Pause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when a test moves it ({@link #advance}) or when code under test pauses on
 * it, so a 40 s power sequence or a 30 min hold-down runs in microseconds.
 */
public final class VirtualTime extends Clock implements Pause {

    private Instant now;
    private Duration slept = Duration.ZERO;

    public VirtualTime() {
        this("2026-11-23T00:00:00Z");
    }

    public VirtualTime(String start) {
        now = Instant.parse(start);
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** As {@link Thread#sleep} does, a thread interrupted (the application stopping) does not sleep but is told. */
    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("sleep interrupted");
        }
        now = now.plus(duration);
        slept = slept.plus(duration);
    }

    public synchronized Duration slept() {
        return slept;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

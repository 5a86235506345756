package io.dualmodem.testing;

import io.dualmodem.modem.Pause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock whose pauses advance it instead of sleeping: a 40 s power sequence runs in microseconds. */
public final class VirtualTime extends Clock implements Pause {

    private Instant now = Instant.parse("2026-11-23T00:00:00Z");
    private Duration slept = Duration.ZERO;

    @Override
    public synchronized void sleep(Duration duration) {
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

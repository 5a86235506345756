package io.dualmodem.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that only moves forward, at the pace of {@link System#nanoTime()}: it starts at the wall
 * time of its creation and never follows a step of the wall clock afterwards. Every interval and
 * timeout (back-offs, probes, hold-downs, the switch cap, power sequences) is measured on it, so
 * NTP stepping the clock of a Pi without RTC by hours, or back by minutes, changes no cadence.
 * Readings are stamped with the wall clock instead.
 */
public final class MonotonicClock extends Clock {

    private final Instant origin;
    private final long originNanos;

    private MonotonicClock(Instant origin, long originNanos) {
        this.origin = origin;
        this.originNanos = originNanos;
    }

    public static MonotonicClock start() {
        return new MonotonicClock(Instant.now(), System.nanoTime());
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(System.nanoTime() - originNanos);
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

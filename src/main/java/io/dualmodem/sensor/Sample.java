package io.dualmodem.sensor;

import java.time.Instant;
import java.util.Objects;

/**
 * One measurement: a temperature or the reason there is none. Exactly one of the two is set.
 * {@code time} is the wall clock's; {@code clockSynced} says whether that clock had been
 * synchronized yet, and {@code monotonicNanos} ({@link System#nanoTime()}) lets a time taken before
 * the synchronization be corrected once it happened.
 */
public record Sample(Instant time, Double celsius, String error, boolean simulated, boolean clockSynced, long monotonicNanos) {

    public Sample {
        Objects.requireNonNull(time, "time");
        if ((celsius == null) == (error == null)) {
            throw new IllegalArgumentException("a sample has either a value or an error, not both or neither");
        }
    }

    public static Sample of(Instant time, double celsius, boolean simulated) {
        return new Sample(time, celsius, null, simulated, true, System.nanoTime());
    }

    public static Sample failed(Instant time, String error, boolean simulated) {
        return new Sample(time, null, error, simulated, true, System.nanoTime());
    }

    /** This sample as taken when the clock was (or was not yet) synchronized, at this monotonic time. */
    public Sample takenAt(boolean synced, long nanos) {
        return new Sample(time, celsius, error, simulated, synced, nanos);
    }

    public boolean isError() {
        return error != null;
    }
}

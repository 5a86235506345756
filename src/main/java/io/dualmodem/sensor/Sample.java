package io.dualmodem.sensor;

import java.time.Instant;
import java.util.Objects;

/** One measurement: a temperature or the reason there is none. Exactly one of the two is set. */
public record Sample(Instant time, Double celsius, String error, boolean simulated) {

    public Sample {
        Objects.requireNonNull(time, "time");
        if ((celsius == null) == (error == null)) {
            throw new IllegalArgumentException("a sample has either a value or an error, not both or neither");
        }
    }

    public static Sample of(Instant time, double celsius, boolean simulated) {
        return new Sample(time, celsius, null, simulated);
    }

    public static Sample failed(Instant time, String error, boolean simulated) {
        return new Sample(time, null, error, simulated);
    }

    public boolean isError() {
        return error != null;
    }
}

package io.dualmodem.uplink;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * The upload circuit breaker: it opens when {@code failureRatePercent} of the last {@code window} uploads failed (once
 * there were {@code minCalls}), and while open lets one upload through every {@code openTime}.
 */
public record BreakerSettings(int window, int minCalls, int failureRatePercent, Duration openTime) {

    /** The packaged defaults: half of the last 6 uploads, once there were 3; open for 30 s. */
    public static final BreakerSettings DEFAULTS = new BreakerSettings(6, 3, 50, Duration.ofSeconds(30));

    /**
     * The breaker's configuration, its open time measured on {@code clock}. resilience4j measures it on the wall clock
     * unless told otherwise, and a step of the wall clock back by an hour (NTP correcting a Pi without RTC) would then
     * hold the breaker open, and uploads stopped, for that hour.
     */
    public CircuitBreakerConfig config(Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minCalls)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(openTime)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build();
    }
}

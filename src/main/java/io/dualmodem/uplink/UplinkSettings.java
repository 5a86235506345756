package io.dualmodem.uplink;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where readings go (with which credentials), in batches of how many, how long to back off, the longest
 * {@code Retry-After} honoured, the HTTP client's timeouts, whether bodies are gzipped, and how long readings may wait
 * to go together ({@code uplink.max-delay}, and per modem {@code modem.X.max-delay}), and when the circuit breaker
 * opens. Its text shows no secret.
 */
public record UplinkSettings(UplinkTarget target, int batchSize, Duration retryInitial, Duration retryMax,
                             Duration retryAfterMax, Duration connectTimeout, Duration responseTimeout, boolean gzip,
                             Duration maxDelay, Map<String, Duration> modemMaxDelay, BreakerSettings breaker) {

    /** Live (each reading as soon as it is stored), no gzip: how tests that are not about those build the settings. */
    public UplinkSettings(UplinkTarget target, int batchSize, Duration retryInitial, Duration retryMax,
                          Duration retryAfterMax, Duration connectTimeout, Duration responseTimeout) {
        this(target, batchSize, retryInitial, retryMax, retryAfterMax, connectTimeout, responseTimeout, false,
                Duration.ZERO, Map.of(), BreakerSettings.DEFAULTS);
    }

    /** The uplink URL without user info: for its host and port. */
    public URI url() {
        return target.url();
    }
}

package io.dualmodem.uplink;

import java.net.URI;
import java.time.Duration;

/**
 * Where readings go (with which credentials), in batches of how many, how long to back off, the longest
 * {@code Retry-After} honoured, and the HTTP client's timeouts. Its text shows no secret.
 */
public record UplinkSettings(UplinkTarget target, int batchSize, Duration retryInitial, Duration retryMax,
                             Duration retryAfterMax, Duration connectTimeout, Duration responseTimeout) {

    /** The uplink URL without user info: for its host and port. */
    public URI url() {
        return target.url();
    }
}

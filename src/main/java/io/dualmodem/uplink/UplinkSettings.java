package io.dualmodem.uplink;

import java.net.URI;
import java.time.Duration;

/** Where readings go, in batches of how many, how long to back off, and the HTTP client's timeouts. */
public record UplinkSettings(URI url, int batchSize, Duration retryInitial, Duration retryMax, Duration connectTimeout,
                             Duration responseTimeout) {
}

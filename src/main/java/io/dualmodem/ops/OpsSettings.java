package io.dualmodem.ops;

import java.time.Duration;

/** Operations: the uplink readiness check goes DOWN when readings wait and nothing was accepted for {@code healthStaleAfter}. */
public record OpsSettings(Duration healthStaleAfter) {
}

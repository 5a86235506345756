package io.dualmodem.ops;

import java.time.Duration;

/**
 * Operations.
 *
 * @param healthStaleAfter the uplink readiness check goes DOWN when readings wait and nothing was accepted this long
 * @param httpEnabled      the operations server (status page, {@code /health}, Jolokia) on 127.0.0.1
 * @param httpPort         its port; 0 = any free port
 * @param jolokia          Jolokia at {@code /jolokia} on that server
 */
public record OpsSettings(Duration healthStaleAfter, boolean httpEnabled, int httpPort, boolean jolokia) {
}

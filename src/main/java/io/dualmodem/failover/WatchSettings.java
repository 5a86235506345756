package io.dualmodem.failover;

import java.time.Duration;

/**
 * When the line is probed: every {@code suspectInterval} while it is suspect (a failed check, a
 * link fault, an open breaker); every {@code idleInterval} when nothing good has been seen for
 * that long; and as a keep-alive when nothing at all went over it for {@code keepAliveAfter},
 * well inside the carriers' one-hour idle cut.
 */
public record WatchSettings(Duration suspectInterval, Duration idleInterval, Duration keepAliveAfter) {
}

package io.dualmodem.failover;

import java.time.Duration;

/**
 * When the line is probed: every {@code suspectInterval} while it is suspect (a failed check, a
 * link fault, an open breaker); when nothing good has been seen for {@code idleInterval} beyond
 * the time readings may deliberately wait on the line ({@link #idleAfter}); and as a keep-alive
 * when nothing at all went over it for {@code keepAliveAfter}, well inside the carriers' one-hour
 * idle cut.
 */
public record WatchSettings(Duration suspectInterval, Duration idleInterval, Duration keepAliveAfter) {

    /**
     * How long without a good upload makes the line worth an idle probe: {@code idleInterval} after the
     * uploads could have been due. While the uplink holds readings to send them together, no upload for
     * that long is expected, not a sign of a bad line, and a probe would cost a connection per batch.
     *
     * @param readingsMayWait how long readings may wait on the line in use now (the upload cadence's max delay)
     */
    public Duration idleAfter(Duration readingsMayWait) {
        return idleInterval.plus(readingsMayWait);
    }
}

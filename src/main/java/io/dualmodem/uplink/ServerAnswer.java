package io.dualmodem.uplink;

import java.time.Duration;
import java.util.Optional;

/** What the server answered to an upload: its status and, for a 429 or 503, how long it asked us to wait. */
public record ServerAnswer(int status, Optional<Duration> retryAfter) {

    public static ServerAnswer of(int status) {
        return new ServerAnswer(status, Optional.empty());
    }

    @Override
    public String toString() {
        return "HTTP " + status + retryAfter.map(d -> ", Retry-After " + d.toSeconds() + " s").orElse("");
    }
}

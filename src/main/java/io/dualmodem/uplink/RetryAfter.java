package io.dualmodem.uplink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.hc.client5.http.utils.DateUtils;

/**
 * Reads a {@code Retry-After} header (RFC 9110 §10.2.3): whole seconds, or an HTTP date. A date is measured
 * against the answer's own {@code Date} header when it has one: a Pi without a clock battery may not know the
 * time yet, and the server's clock is the one its date was written on.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** How long the server asked us to wait; empty when the header is absent or unreadable. */
    public static Optional<Duration> parse(String value, String date, Clock wall) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.matches("\\d{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        Instant until = DateUtils.parseStandardDate(v);
        if (until == null) {
            return Optional.empty();
        }
        Instant now = date == null ? null : DateUtils.parseStandardDate(date.trim());
        Duration wait = Duration.between(now != null ? now : wall.instant(), until);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }
}

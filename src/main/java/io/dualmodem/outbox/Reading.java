package io.dualmodem.outbox;

import java.time.Instant;

/**
 * A stored reading. {@code id} is the stable, globally unique id the server deduplicates on;
 * {@code seq} is its position in this device's outbox (gap-free, oldest first).
 */
public record Reading(long seq, String id, String device, Instant time, Double celsius, String error, boolean simulated) {

    @Override
    public String toString() {
        return "seq=" + seq + " id=" + id + " " + (celsius != null ? celsius + " °C" : "error: " + error)
                + (simulated ? " (simulated)" : "");
    }
}

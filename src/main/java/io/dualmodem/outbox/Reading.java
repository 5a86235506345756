package io.dualmodem.outbox;

import java.time.Instant;

/**
 * A stored reading. {@code id} is the stable, globally unique id the server deduplicates on;
 * {@code seq} is its position in this device's outbox (gap-free, oldest first); {@code clockSynced}
 * is false while {@code time} comes from a clock that was not synchronized yet.
 */
public record Reading(long seq, String id, String device, Instant time, Double celsius, String error, boolean simulated,
                      boolean clockSynced) {

    @Override
    public String toString() {
        return "seq=" + seq + " id=" + id + " " + (celsius != null ? celsius + " °C" : "error: " + error)
                + (simulated ? " (simulated)" : "");
    }
}

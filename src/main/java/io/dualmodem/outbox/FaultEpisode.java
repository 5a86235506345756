package io.dualmodem.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stretch of time in which the outbox cannot store readings. It is logged twice, never per reading:
 * one WARN when it starts, with the plain cause and its fix, and one INFO when a reading is stored
 * again, with how long it lasted and how many readings were lost meanwhile.
 */
final class FaultEpisode {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Path file;
    private Instant since;
    private String cause;
    private long notStored;

    FaultEpisode(Path file) {
        this.file = file;
    }

    /** The storage failed; starts an episode unless one is under way. */
    void failed(Diagnosis why) {
        if (since == null) {
            since = Instant.now();
            cause = why.cause();
            LOG.warn("Outbox {} cannot store readings: {}; {}. Readings are counted as not stored (JMX Telemetry"
                    + " UnstoredReadings) until it works again, retried with each reading.", file, why.cause(), why.fix());
        }
    }

    void readingNotStored() {
        notStored++;
    }

    /** A write worked: ends the episode if there was one. */
    void healed() {
        if (since != null) {
            LOG.info("Outbox {} stores readings again after {} s; {} readings could not be stored meanwhile ({})", file,
                    String.format("%.1f", Duration.between(since, Instant.now()).toMillis() / 1000.0), notStored, cause);
            since = null;
            cause = null;
            notStored = 0;
        }
    }

    /** What is wrong now, or null when storing works. */
    String cause() {
        return cause;
    }
}

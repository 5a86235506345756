package io.dualmodem.sensor;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one sample per call and never throws: a sensor that is missing or fails yields an error
 * sample, and the sensor is opened again on the next call, so a board plugged in later or a bus
 * that recovers starts producing values without a restart.
 */
public class Sampler {

    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final Supplier<TemperatureSource> opener;
    private final Clock clock;
    private final boolean simulated;
    private final BooleanSupplier clockSynced;
    private final AtomicLong errors = new AtomicLong();
    private boolean synced;
    private TemperatureSource source;
    private boolean warnedUnsynced;
    private String lastError;

    /**
     * @param clock       the wall clock readings are stamped with
     * @param clockSynced whether that clock has been synchronized yet (see {@code time.ClockSync})
     */
    public Sampler(Supplier<TemperatureSource> opener, Clock clock, BooleanSupplier clockSynced, boolean simulated) {
        this.opener = opener;
        this.clock = clock;
        this.clockSynced = clockSynced;
        this.simulated = simulated;
    }

    public synchronized Sample sample() {
        long nanos = System.nanoTime();
        if (!synced) {
            synced = clockSynced.getAsBoolean();
            if (synced && warnedUnsynced) {
                LOG.info("The system clock is synchronized now: the times of the readings taken before are corrected");
            } else if (!synced && !warnedUnsynced) {
                LOG.warn("The system clock is not synchronized yet (time.sync-check found no NTP synchronization): readings are"
                        + " marked \"unsynced\":1 until it is, and their times corrected then");
                warnedUnsynced = true;
            }
        }
        return take().takenAt(synced, nanos);
    }

    private Sample take() {
        try {
            if (source == null) {
                source = opener.get();
                if (lastError != null) {
                    LOG.info("Sensor is back after: {}", lastError);
                }
                lastError = null;
            }
            return Sample.of(clock.instant().truncatedTo(ChronoUnit.MILLIS), source.readCelsius(), simulated);
        } catch (RuntimeException e) {
            closeQuietly();
            errors.incrementAndGet();
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!message.equals(lastError)) {
                LOG.warn("Sensor error (recorded as an error reading; retried at the next sample): {}", message);
            }
            lastError = message;
            return Sample.failed(clock.instant().truncatedTo(ChronoUnit.MILLIS), message, simulated);
        }
    }

    public long errorCount() {
        return errors.get();
    }

    public synchronized String lastError() {
        return lastError;
    }

    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (source != null) {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the sensor failed", e);
            }
            source = null;
        }
    }
}

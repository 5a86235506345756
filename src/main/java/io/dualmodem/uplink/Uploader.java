package io.dualmodem.uplink;

import io.dualmodem.outbox.Outbox;
import io.dualmodem.outbox.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what the upload route sends next and what its answer means for the outbox.
 *
 * <p>Oldest readings first, in batches of up to {@code batchSize}. After a link or server fault
 * nothing is sent until a back-off (doubling from {@code retryInitial} up to {@code retryMax})
 * has passed. A rejected batch of several readings is resent one reading at a time, so only the
 * reading the server refuses is quarantined and the queue never blocks on it.
 */
public class Uploader {

    private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);

    private final Outbox outbox;
    private final String device;
    private final int batchSize;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Clock clock;

    private final AtomicLong uploaded = new AtomicLong();
    private final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);
    private volatile UploadOutcome lastOutcome;
    private volatile Instant lastAccepted;
    private Duration backoff = Duration.ZERO;
    private Instant retryAt = Instant.MIN;
    private long isolateThroughSeq;

    public Uploader(Outbox outbox, String device, int batchSize, Duration retryInitial, Duration retryMax, Clock clock) {
        this.outbox = outbox;
        this.device = device;
        this.batchSize = batchSize;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.clock = clock;
        for (Fault f : Fault.values()) {
            faults.put(f, new AtomicLong());
        }
    }

    /** The readings to send now, oldest first; empty while backing off or when nothing waits. */
    public synchronized List<Reading> nextBatch() {
        if (clock.instant().isBefore(retryAt)) {
            return List.of();
        }
        List<Reading> batch = outbox.oldest(batchSize);
        if (!batch.isEmpty() && batch.get(0).seq() <= isolateThroughSeq) {
            return batch.subList(0, 1);
        }
        return batch;
    }

    public String toJson(List<Reading> batch) {
        return Payload.toJson(device, batch);
    }

    /** Handles the server's answer to {@code batch}. */
    public synchronized UploadOutcome onResponse(List<Reading> batch, int status) {
        Fault fault = FaultClassifier.ofStatus(status);
        if (fault == null) {
            outbox.remove(batch);
            uploaded.addAndGet(batch.size());
            lastAccepted = clock.instant();
            if (backoff.compareTo(Duration.ZERO) > 0) {
                LOG.info("Uploads resumed: {} readings accepted, {} waiting", batch.size(), outbox.depth());
            }
            backoff = Duration.ZERO;
            retryAt = Instant.MIN;
            return record(UploadOutcome.accepted(batch.size(), status));
        }
        if (fault == Fault.REJECTED) {
            if (batch.size() > 1) {
                isolateThroughSeq = batch.get(batch.size() - 1).seq();
                LOG.warn("Server rejected a batch of {} with HTTP {}: resending them one by one", batch.size(), status);
            } else {
                outbox.quarantine(batch, "HTTP " + status);
                LOG.warn("Server rejected reading {} with HTTP {}: moved to quarantine", batch.get(0).id(), status);
            }
            return record(UploadOutcome.answered(fault, batch.size(), status));
        }
        return failed(UploadOutcome.answered(fault, batch.size(), status));
    }

    /** Handles an exception thrown while sending {@code batch}: an HTTP error status, or a failure to get one. */
    public synchronized UploadOutcome onException(List<Reading> batch, Throwable error) {
        OptionalInt status = FaultClassifier.statusOf(error);
        if (status.isPresent()) {
            return onResponse(batch, status.getAsInt());
        }
        Fault fault = FaultClassifier.ofException(error);
        return failed(new UploadOutcome(fault, batch.size(), 0, error.getClass().getSimpleName() + ": " + error.getMessage()));
    }

    /** The circuit breaker did not let the batch out: nothing was sent, nothing changes for the outbox. */
    public UploadOutcome heldBack(List<Reading> batch) {
        return record(new UploadOutcome(Fault.HELD, batch.size(), 0, "circuit breaker open"));
    }

    /** A switch brought up another line: what failed on the old one says nothing about it, so send at once. */
    public synchronized void lineChanged() {
        backoff = Duration.ZERO;
        retryAt = Instant.MIN;
    }

    public long uploadedCount() {
        return uploaded.get();
    }

    public long faultCount(Fault fault) {
        return faults.get(fault).get();
    }

    public UploadOutcome lastOutcome() {
        return lastOutcome;
    }

    public Instant lastAccepted() {
        return lastAccepted;
    }

    private UploadOutcome failed(UploadOutcome outcome) {
        backoff = backoff.isZero() ? retryInitial : min(backoff.multipliedBy(2), retryMax);
        retryAt = clock.instant().plus(backoff);
        LOG.warn("Upload failed, {}; {} readings kept, next try in {} s", outcome, outbox.depth(), backoff.toSeconds());
        return record(outcome);
    }

    private UploadOutcome record(UploadOutcome outcome) {
        if (outcome.fault() != null) {
            faults.get(outcome.fault()).incrementAndGet();
        }
        lastOutcome = outcome;
        return outcome;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

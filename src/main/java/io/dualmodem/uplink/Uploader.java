package io.dualmodem.uplink;

import io.dualmodem.outbox.Outbox;
import io.dualmodem.outbox.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what the upload route sends next and what its answer means for the outbox.
 *
 * <p>Oldest readings first, in batches of up to {@code batchSize}, each of one kind ({@link Payload#sameKind}). A full
 * batch goes at once; fewer readings go once they have waited the {@link UploadCadence}'s max delay for the line in use
 * (zero: at once), counted from the poll that first saw the oldest of them (a monotonic clock, so a step of the wall
 * clock neither holds nor rushes them); a wait ends when a batch took every reading that was waiting. After a failure nothing is sent until the
 * {@link Backoff} allows it. Only a content rejection (400, 413, 415, 422) isolates and quarantines: a rejected
 * batch of several readings is resent one reading at a time, so only the reading the server refuses is quarantined
 * (the quarantine keeps at most {@code quarantineCapacity}, dropping the oldest) and the queue never blocks on it.
 * A server that refuses us rather than the data (401, 404, …) keeps every reading and raises the
 * {@link UplinkAlarm} until an upload is accepted; so does a server that rejects {@value #REJECTIONS_FOR_ALARM}
 * readings in a row, one by one, and accepts none (gzip it does not take, a proxy's 400): quarantined, they wait for an
 * operator, who must hear of it before the quarantine's bound drops them.
 */
public class Uploader {

    private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);
    static final int REJECTIONS_FOR_ALARM = 3;

    private final Outbox outbox;
    private final int batchSize;
    private final long quarantineCapacity;
    private final UplinkTarget target;
    private final Backoff backoff;
    private final UploadCadence cadence;
    private final UplinkAlarm alarm = new UplinkAlarm();
    private final Clock clock;
    private final Clock wall = Clock.systemUTC();

    private final AtomicLong uploaded = new AtomicLong();
    private final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);
    private volatile UploadOutcome lastOutcome;
    private volatile Instant lastAccepted;
    private long isolateThroughSeq;
    /** Readings rejected alone since the server last accepted one. */
    private int rejectedInARow;
    /** When a poll first saw the readings now waiting, on {@code clock}; null while none wait. */
    private Instant waitingSince;
    /** Whether the last batch held every reading that was waiting: once it is accepted, the next reading waits anew. */
    private boolean batchTookAll;
    /** Whether a full batch was just accepted, so more are likely to wait. */
    private boolean fullBatchAccepted;

    /** @param clock measures the back-off; wall-clock steps must not move it (the application's monotonic clock) */
    public Uploader(Outbox outbox, UplinkSettings settings, long quarantineCapacity, Clock clock) {
        this.outbox = outbox;
        this.batchSize = settings.batchSize();
        this.quarantineCapacity = quarantineCapacity;
        this.target = settings.target();
        this.backoff = new Backoff(settings.retryInitial(), settings.retryMax(), settings.retryAfterMax());
        this.cadence = new UploadCadence(settings.maxDelay(), settings.modemMaxDelay());
        this.clock = clock;
        for (Fault f : Fault.values()) {
            faults.put(f, new AtomicLong());
        }
    }

    /** The readings to send now, oldest first; empty while backing off, while they may still wait, or when none wait. */
    public synchronized List<Reading> nextBatch() {
        Instant now = clock.instant();
        if (!backoff.ready(now)) {
            return List.of();
        }
        List<Reading> batch = outbox.oldest(batchSize);
        if (batch.isEmpty()) {
            waitingSince = null;
            return batch;
        }
        if (waitingSince == null) {
            waitingSince = now;
        }
        if (batch.size() > 1 && (batch.get(0).seq() <= isolateThroughSeq || backoff.trial())) {
            batchTookAll = false;
            return batch.subList(0, 1);
        }
        if (batch.size() < batchSize && now.isBefore(waitingSince.plus(cadence.maxDelay()))) {
            return List.of();
        }
        Reading first = batch.get(0);
        List<Reading> sameKind = batch.stream().takeWhile(r -> Payload.sameKind(r, first)).toList();
        batchTookAll = batch.size() < batchSize && sameKind.size() == batch.size();
        return sameKind;
    }

    /**
     * Whether the upload route should poll again at once rather than after {@code uplink.poll-interval}: the server
     * has just accepted a full batch, so a backlog drains back to back. Asked once per poll; false after that.
     */
    public synchronized boolean pollAgainAtOnce() {
        boolean again = fullBatchAccepted;
        fullBatchAccepted = false;
        return again;
    }

    /** How long readings may wait to go together on the line in use. */
    public UploadCadence cadence() {
        return cadence;
    }

    /**
     * Reads the server's answer right after the HTTP call, inside the circuit breaker.
     *
     * @throws ServerFaultException for 5xx, 429 and 408, so the breaker counts them as failures
     */
    public ServerAnswer answer(Integer status, String retryAfter, String date) {
        if (status == null) {
            throw new IllegalStateException("no HTTP status: the upload route calls this right after the HTTP call");
        }
        ServerAnswer answer = new ServerAnswer(status,
                status == 429 || status == 503 ? RetryAfter.parse(retryAfter, date, wall) : Optional.empty());
        if (FaultClassifier.ofStatus(status) == Fault.SERVER) {
            throw new ServerFaultException(answer);
        }
        return answer;
    }

    /** Handles the server's answer {@code status} to {@code batch}. */
    public UploadOutcome onResponse(List<Reading> batch, int status) {
        return onAnswer(batch, ServerAnswer.of(status));
    }

    /** Handles the server's answer to {@code batch}. */
    public synchronized UploadOutcome onAnswer(List<Reading> batch, ServerAnswer answer) {
        Fault fault = FaultClassifier.ofStatus(answer.status());
        if (fault == null) {
            outbox.remove(batch);
            uploaded.addAndGet(batch.size());
            if (batchTookAll) {
                waitingSince = null;
            }
            fullBatchAccepted = batch.size() >= batchSize;
            lastAccepted = clock.instant();
            if (backoff.backingOff()) {
                LOG.info("Uploads resumed: {} readings accepted, {} waiting", batch.size(), outbox.depth());
            }
            backoff.succeeded();
            rejectedInARow = 0;
            alarm.clear(answer.status());
            return record(UploadOutcome.accepted(batch.size(), answer.status()));
        }
        if (fault == Fault.REJECTED) {
            return rejected(batch, answer);
        }
        if (fault == Fault.MISCONFIGURED) {
            alarm.raise(UplinkAlarm.forStatus(answer.status()));
        }
        return failed(UploadOutcome.answered(fault, batch.size(), answer), answer.retryAfter());
    }

    /** Handles an exception thrown while sending {@code batch}: an answer the breaker counted, or no answer at all. */
    public synchronized UploadOutcome onException(List<Reading> batch, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ServerFaultException server) {
                return onAnswer(batch, server.answer());
            }
        }
        OptionalInt status = FaultClassifier.statusOf(error);
        if (status.isPresent()) {
            return onAnswer(batch, ServerAnswer.of(status.getAsInt()));
        }
        Fault fault = FaultClassifier.ofException(error);
        String detail = target.redact(error.getClass().getSimpleName() + ": " + error.getMessage());
        if (fault == Fault.MISCONFIGURED) {
            alarm.raise("the HTTP client cannot send our request (" + detail + "): check uplink.url / uplink.headers");
        }
        return failed(new UploadOutcome(fault, batch.size(), 0, detail), Optional.empty());
    }

    /** The circuit breaker did not let the batch out: nothing was sent, nothing changes for the outbox. */
    public UploadOutcome heldBack(List<Reading> batch) {
        return record(new UploadOutcome(Fault.HELD, batch.size(), 0, "circuit breaker open"));
    }

    /** A switch brought up another line, or the line recovered: what failed on it before says nothing now, so send at once. */
    public synchronized void lineChanged() {
        backoff.lineChanged();
    }

    /** The breaker opened: it paces the uplink until it closes, and its trial carries one reading. */
    synchronized void breakerOpened(Duration openFor) {
        backoff.breakerOpened(clock.instant(), openFor);
    }

    synchronized void breakerHalfOpen() {
        backoff.breakerHalfOpen();
    }

    synchronized void breakerClosed() {
        backoff.breakerClosed();
    }

    /**
     * Moves quarantined readings back into the queue with their ids (an operator's command once the server or the
     * data is fixed); they are sent first, in batches as usual, and a reading refused again is isolated and goes
     * back to quarantine alone.
     */
    public synchronized String requeueQuarantined() {
        int moved = outbox.requeueQuarantined();
        long left = outbox.quarantined();
        LOG.info("Operator moved {} quarantined readings back into the queue; {} still quarantined", moved, left);
        return moved + " readings moved back into the queue; " + left + " still quarantined"
                + (left > 0 ? " (the queue has no room for more)" : "");
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

    /** The uplink's alarm (the server refuses us, not the data), or null when there is none. */
    public String alarm() {
        return alarm.text();
    }

    public long quarantineCapacity() {
        return quarantineCapacity;
    }

    private UploadOutcome rejected(List<Reading> batch, ServerAnswer answer) {
        if (batch.size() > 1) {
            isolateThroughSeq = batch.get(batch.size() - 1).seq();
            LOG.warn("Server rejected a batch of {} with HTTP {}: resending them one by one", batch.size(), answer.status());
        } else {
            outbox.quarantine(batch, "HTTP " + answer.status());
            LOG.warn("Server rejected reading {} with HTTP {}: moved to quarantine", batch.get(0).id(), answer.status());
            if (++rejectedInARow >= REJECTIONS_FOR_ALARM) {
                alarm.raise(UplinkAlarm.forRejections(answer.status(), REJECTIONS_FOR_ALARM),
                        "They are kept in quarantine; requeueQuarantined (JMX) sends them again once it is fixed");
            }
            long dropped = outbox.trimQuarantine(quarantineCapacity);
            if (dropped > 0) {
                LOG.warn("Quarantine full ({} readings): dropped the {} oldest; {} dropped from it in all", quarantineCapacity,
                        dropped, outbox.quarantineDropped());
            }
        }
        return record(UploadOutcome.answered(Fault.REJECTED, batch.size(), answer));
    }

    private UploadOutcome failed(UploadOutcome outcome, Optional<Duration> retryAfter) {
        Instant now = clock.instant();
        backoff.failed(outcome.fault(), now, retryAfter);
        long waitMillis = Duration.between(now, backoff.nextTry()).toMillis();
        if (outcome.fault() == Fault.MISCONFIGURED) {
            // the alarm said it once; every retry would repeat it
            LOG.debug("Upload failed, {}; next try in {} ms", outcome, waitMillis);
        } else {
            LOG.warn("Upload failed, {}; {} readings kept, next try in {}", outcome, outbox.depth(), seconds(waitMillis));
        }
        return record(outcome);
    }

    private UploadOutcome record(UploadOutcome outcome) {
        if (outcome.fault() != null) {
            faults.get(outcome.fault()).incrementAndGet();
        }
        lastOutcome = outcome;
        return outcome;
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 || millis >= 10_000 ? millis / 1000 + " s" : String.format("%.1f s", millis / 1000.0);
    }
}

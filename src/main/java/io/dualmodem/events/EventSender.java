package io.dualmodem.events;

import io.dualmodem.json.Json;
import io.dualmodem.outbox.EventQueue;
import io.dualmodem.outbox.EventQueue.Stored;
import io.dualmodem.uplink.UplinkTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code send-events} route posts to {@code uplink.status-url}: the oldest stored events, removed only after
 * a 2xx. Any other answer, or none, keeps them and waits, doubling from {@code retryInitial} to {@code retryMax} on
 * the monotonic clock; one log line when sending stops working and one when it works again. Readings and their
 * uploader know nothing of this: an event never delays a reading, nor asks for a line check.
 */
public final class EventSender {

    private static final Logger LOG = LoggerFactory.getLogger(EventSender.class);

    private final EventQueue queue;
    private final String device;
    private final int batchSize;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Clock clock;
    private final UplinkTarget target;
    private Duration step = Duration.ZERO;
    private Instant nextTry = Instant.MIN;
    private String failing;
    private long sent;

    public EventSender(EventQueue queue, String device, int batchSize, Duration retryInitial, Duration retryMax,
                       Clock clock, UplinkTarget target) {
        this.queue = queue;
        this.device = device;
        this.batchSize = batchSize;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.clock = clock;
        this.target = target;
    }

    /** The events to send now: none while waiting after a failure. */
    public synchronized List<Stored> nextBatch() {
        return clock.instant().isBefore(nextTry) ? List.of() : queue.oldest(batchSize);
    }

    /** The request body: {@code {"device":"pi-01","events":[{"id":…,"seq":…,"type":…,"time":…, fields of the type}]}}. */
    public String toJson(List<Stored> batch) {
        List<Object> events = new ArrayList<>();
        for (Stored e : batch) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", e.id());
            event.put("seq", e.seq());
            event.put("type", e.type());
            event.put("time", e.time());
            try {
                event.putAll(Json.object(Json.read(e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            } catch (java.io.IOException | RuntimeException bad) {
                event.put("body", e.body()); // stored by an older version in another shape: sent as it is
            }
            events.add(event);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device", device);
        body.put("events", events);
        return Json.text(body);
    }

    /** The server answered with {@code status}. */
    public synchronized void onAnswer(List<Stored> batch, Integer status) {
        if (status != null && status >= 200 && status < 300) {
            queue.remove(batch);
            sent += batch.size();
            step = Duration.ZERO;
            nextTry = Instant.MIN;
            if (failing != null) {
                LOG.info("Events are sent to {} again ({} waiting)", target.shown(), queue.depth());
            }
            failing = null;
        } else {
            failed("HTTP " + status + (status != null && status == 404
                    ? ": no status endpoint there — set uplink.status-url" : ""));
        }
    }

    /** No answer: the line, a refused connection, a timeout. */
    public synchronized void onException(List<Stored> batch, Exception e) {
        failed(target.redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /** Events the server accepted since start. */
    public synchronized long sent() {
        return sent;
    }

    /** Why events are not being sent, or null. */
    public synchronized String failing() {
        return failing;
    }

    private void failed(String why) {
        step = step.isZero() ? retryInitial : step.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : step.multipliedBy(2);
        nextTry = clock.instant().plus(step);
        if (failing == null) {
            LOG.warn("Events not sent to {} ({}); {} kept, tried again after {} ms, the pause doubling up to {} ms",
                    target.shown(), why, queue.depth(), retryInitial.toMillis(), retryMax.toMillis());
        }
        failing = why;
    }
}

package io.dualmodem.uplink;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the uplink may send again, and how much.
 *
 * <p>After a failure it waits, doubling from {@code initial} up to {@code max} while the same kind of fault
 * repeats; a different kind of fault is a new problem and starts again at {@code initial} (a server answering 503
 * after link faults has proven the line). A 429 or 503 with {@code Retry-After} waits at least as long as the
 * server asked, up to {@code retryAfterMax}. While the circuit breaker is open, the breaker alone paces the uplink:
 * the next try is when it lets one through, and that trial carries a single reading. An accepted upload ends all
 * waiting; a new line ends ours, not the server's.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final Duration retryAfterMax;

    private Duration step = Duration.ZERO;
    private Fault lastKind;
    private Instant ownUntil = Instant.MIN;
    private Instant serverUntil = Instant.MIN;
    /** Null while the breaker is closed; when it is open, the time it lets a trial through. */
    private Instant breakerUntil;

    Backoff(Duration initial, Duration max, Duration retryAfterMax) {
        this.initial = initial;
        this.max = max;
        this.retryAfterMax = retryAfterMax;
    }

    boolean ready(Instant now) {
        return !now.isBefore(nextTry());
    }

    Instant nextTry() {
        Instant own = breakerUntil != null ? breakerUntil : ownUntil;
        return own.isAfter(serverUntil) ? own : serverUntil;
    }

    /** Whether the next upload is the breaker's trial, which carries one reading. */
    boolean trial() {
        return breakerUntil != null;
    }

    /** Whether anything holds uploads back now or held them back since the last success. */
    boolean backingOff() {
        return !step.isZero() || breakerUntil != null || serverUntil != Instant.MIN;
    }

    void failed(Fault kind, Instant now, Optional<Duration> retryAfter) {
        step = step.isZero() || kind != lastKind ? initial : min(step.multipliedBy(2), max);
        lastKind = kind;
        ownUntil = now.plus(step);
        retryAfter.ifPresent(wait -> serverUntil = now.plus(min(wait, retryAfterMax)));
    }

    void succeeded() {
        step = Duration.ZERO;
        lastKind = null;
        ownUntil = Instant.MIN;
        serverUntil = Instant.MIN;
        breakerUntil = null;
    }

    /** A new or recovered line: what failed before says nothing about it. The server's Retry-After still holds. */
    void lineChanged() {
        step = Duration.ZERO;
        lastKind = null;
        ownUntil = Instant.MIN;
    }

    void breakerOpened(Instant now, Duration openFor) {
        breakerUntil = now.plus(openFor);
    }

    /** The breaker lets one trial through now. */
    void breakerHalfOpen() {
        breakerUntil = Instant.MIN;
    }

    void breakerClosed() {
        breakerUntil = null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

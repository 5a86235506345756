package io.dualmodem.failover;

import io.dualmodem.uplink.UploadOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modem control as configured: started with the start-up restore and, while it cannot start (a GPIO
 * chip that cannot be opened, nmcli missing, NetworkManager not running), tried again every
 * {@code retry}. Until
 * then sampling and uploading go on over whatever line is up, and the cause is shown in the log
 * (one line per cause), in JMX and in health.
 */
public final class ModemControlRunner implements ModemControl, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModemControlRunner.class);

    private final Callable<LinkWatch> starter;
    private final Duration retry;
    private final Clock clock;
    private final List<Consumer<LinkWatch>> whenStarted = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> whenUnavailable = new CopyOnWriteArrayList<>();
    private volatile LinkWatch watch;
    private volatile String unavailable;
    private Instant nextTry = Instant.MIN;
    private boolean restoreAsked;

    public ModemControlRunner(Callable<LinkWatch> starter, Duration retry, Clock clock) {
        this.starter = starter;
        this.retry = retry;
        this.clock = clock;
    }

    /** Starts modem control unless it runs already; says why when it cannot. */
    public synchronized void tryStart() {
        if (watch != null) {
            return;
        }
        nextTry = clock.instant().plus(retry);
        try {
            LinkWatch started = starter.call();
            started.start();
            watch = started;
            if (unavailable != null) {
                LOG.info("Modem control started after: {}", unavailable);
            }
            unavailable = null;
            whenStarted.forEach(action -> action.accept(started));
            if (restoreAsked) {
                started.restoreAtStart();
            }
        } catch (Exception | LinkageError e) {
            String cause = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!cause.equals(unavailable)) {
                LOG.warn("Modem control unavailable: {}. Readings are still sampled and sent over whatever line is up; "
                        + "trying again every {}", cause, retry.toSeconds() < 60 ? retry.toSeconds() + " s" : retry.toMinutes() + " min");
                whenUnavailable.forEach(action -> action.accept(cause));
            }
            unavailable = cause;
        }
    }

    /** Runs {@code action} with the link watch once modem control has started (at once if it has). */
    public void whenStarted(Consumer<LinkWatch> action) {
        whenStarted.add(action);
        LinkWatch w = watch;
        if (w != null) {
            action.accept(w);
        }
    }

    /** Runs {@code action} with the cause each time modem control cannot start for a new reason. */
    public void onUnavailable(Consumer<String> action) {
        whenUnavailable.add(action);
    }

    public Optional<LinkWatch> watch() {
        return Optional.ofNullable(watch);
    }

    @Override
    public String activeModem() {
        LinkWatch w = watch;
        return w == null ? null : w.policy().active();
    }

    /** Why modem control is not running, or null when it is. */
    public String unavailable() {
        return unavailable;
    }

    @Override
    public void onUpload(UploadOutcome outcome) {
        LinkWatch w = watch;
        if (w != null) {
            w.onUpload(outcome);
        }
    }

    @Override
    public void tick() {
        LinkWatch w = watch;
        if (w != null) {
            w.tick();
        } else if (!clock.instant().isBefore(nextTryAt())) {
            tryStart();
        }
    }

    /** The first start, once Camel runs (nmcli goes through camel-exec); a modem control that starts later restores then. */
    @Override
    public synchronized void restoreAtStart() {
        restoreAsked = true;
        if (watch == null) {
            tryStart();
        } else {
            watch.restoreAtStart();
        }
    }

    @Override
    public void close() throws InterruptedException {
        LinkWatch w = watch;
        if (w != null) {
            w.close();
        }
    }

    private synchronized Instant nextTryAt() {
        return nextTry;
    }
}

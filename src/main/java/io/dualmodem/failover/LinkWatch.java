package io.dualmodem.failover;

import io.dualmodem.modem.DeviceEvents;
import io.dualmodem.modem.Modem;
import io.dualmodem.modem.ModemSwitch;
import io.dualmodem.modem.SwitchRecord;
import io.dualmodem.uplink.UploadOutcome;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the three detectors — upload outcomes, NetworkManager device events, the line probe — to
 * the {@link FailoverPolicy} and carries out its decisions, the start-up restore and the
 * operator's commands with the {@link ModemSwitch}.
 *
 * <p>Everything that touches the policy, the probe or the modems runs on one worker thread, one
 * task at a time and in order: a probe never overlaps a switch, an operator's switch waits for the
 * policy's, and the probe's rate limit and the line's history are the worker's alone. Callers
 * (routes, the event reader, JMX) only hand work over. What happened on the line before or during a
 * switch is not held against the line the switch brought up.
 */
public final class LinkWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkWatch.class);
    private static final Set<String> LOST = Set.of("unavailable", "disconnected", "device removed", "unmanaged", "failed");
    /** Longer than any switch can take: every power sequence, device wait and activation is bounded well below. */
    private static final Duration OPERATOR_WAIT = Duration.ofMinutes(10);

    private final FailoverPolicy policy;
    private final ModemSwitch modems;
    private final LinkProbe probe;
    private final WatchSettings settings;
    private final Supplier<Duration> readingsMayWait;
    private final Clock clock;
    private final Runnable lineChanged;
    private final DeviceEvents events;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "link-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    /** Counts switches, so an outcome seen on the line before a switch is not held against the line after it. */
    private final AtomicLong switchesDone = new AtomicLong();
    /** True during a switch, and from creation until the start-up restore is done. */
    private volatile boolean switching = true;
    private volatile String activeDevice;
    private volatile String lastVerdict = "";
    private final AtomicLong probes = new AtomicLong();
    private final List<LineListener> lineListeners = new CopyOnWriteArrayList<>();

    // the worker's own
    private Instant lastTraffic;
    private Instant lastGood;
    private Instant lastProbe;
    private boolean suspect;

    /**
     * @param lineChanged runs on the worker after every switch and power cycle, and when a line check passes after a
     *                    failed one: the uplink resets its back-off and drops kept-alive connections, which the old
     *                    (or the broken) line carried
     * @param readingsMayWait how long the uplink may hold readings on the line in use now (its upload cadence), asked
     *                    at every tick: no upload for that long does not make the line idle
     */
    public LinkWatch(FailoverPolicy policy, ModemSwitch modems, LinkProbe probe, DeviceEvents events, WatchSettings settings,
                     Supplier<Duration> readingsMayWait, Clock clock, Runnable lineChanged) {
        this.policy = policy;
        this.modems = modems;
        this.probe = probe;
        this.events = events;
        this.settings = settings;
        this.readingsMayWait = readingsMayWait;
        this.clock = clock;
        this.lineChanged = lineChanged;
        this.lastTraffic = clock.instant();
        this.lastGood = clock.instant();
    }

    /** Adds a listener told before and after each change of line (see {@link LineListener}). */
    public void addLineListener(LineListener listener) {
        lineListeners.add(listener);
    }

    /** Starts listening to NetworkManager's device events. */
    public void start() {
        events.start(this::onDeviceEvent);
    }

    /** Detector 1: an upload's outcome. Only link faults and an open breaker call the line into question. */
    public void onUpload(UploadOutcome outcome) {
        long seenAt = switchesDone.get();
        if (switching) {
            return;
        }
        submit(() -> {
            if (!switching && seenAt == switchesDone.get()) {
                recordUpload(outcome);
            }
        });
    }

    /** Detector 2: a NetworkManager device event. */
    void onDeviceEvent(String device, String state) {
        if (switching || !device.equals(activeDevice) || !LOST.contains(state)) {
            return;
        }
        submit(() -> {
            if (!switching && device.equals(activeDevice)) {
                apply(policy.deviceLost(device + " " + state));
            }
        });
    }

    /** Detector 3 and the clock: probes a suspect, idle or quiet line; lets the policy fail back. */
    public void tick() {
        if (tickQueued.compareAndSet(false, true)) {
            submit(() -> {
                tickQueued.set(false);
                onTick();
            });
        }
    }

    /**
     * At start-up: makes the remembered modem (or the primary) the only one powered, with its line
     * up; if that fails, the other one, so a box never stays without a line because one board is dead.
     */
    public void restoreAtStart() {
        submit(() -> {
            switching = true;
            Optional<SwitchRecord> last = Optional.empty();
            try {
                tellBeforeSwitch();
                String want = Optional.ofNullable(modems.state().active()).orElse(policy.primary());
                Optional<SwitchRecord> first = modems.ensureActive(want, "start-up: modem was off, its link down or the other board on");
                last = first;
                if (first.isPresent() && !first.get().ok()) {
                    noteBoardFailure(first.get());
                    SwitchRecord second = modems.switchTo(other(want), "start-up: " + first.get().outcome());
                    last = Optional.of(second);
                    noteBoardFailure(second);
                }
                policy.startedOn(modems.state().active());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                afterSwitch(last);
            }
        });
    }

    /** An operator's switch to {@code target}, in turn with the policy's; refused when it would do nothing. */
    public OperatorOutcome switchTo(String target) {
        if (modems.find(target).isEmpty()) {
            return new OperatorOutcome.Refused("no modem " + target + " (known: a, b)");
        }
        return onWorker(() -> {
            if (target.equals(policy.active())) {
                return new OperatorOutcome.Refused("already on " + target);
            }
            return new OperatorOutcome.Done(carryOut(target, "operator via JMX"));
        });
    }

    /** An operator's switch to the modem that is not active now (named now, carried out in turn). */
    public OperatorOutcome switchNow() {
        return switchTo(other(policy.active()));
    }

    /** An operator's power cycle of the active modem; the other one stays off, so it is refused for it. */
    public OperatorOutcome powerCycle(String id) {
        if (modems.find(id).isEmpty()) {
            return new OperatorOutcome.Refused("no modem " + id + " (known: a, b)");
        }
        return onWorker(() -> {
            if (!id.equals(policy.active())) {
                return new OperatorOutcome.Refused(id + " is not the active modem and stays off; switchTo " + id
                        + " powers it on");
            }
            switching = true;
            Optional<SwitchRecord> record = Optional.empty();
            try {
                tellBeforeSwitch();
                record = Optional.of(modems.powerCycle(id, "power-cycle by operator via JMX"));
                return new OperatorOutcome.Done(record.get());
            } finally {
                afterSwitch(record);
            }
        });
    }

    public FailoverPolicy policy() {
        return policy;
    }

    public ModemSwitch modems() {
        return modems;
    }

    public String lastVerdict() {
        return lastVerdict;
    }

    /** How many probes the watch has sent since start. */
    public long probesRun() {
        return probes.get();
    }

    public String activeDevice() {
        return activeDevice;
    }

    @Override
    public void close() throws InterruptedException {
        events.close();
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void recordUpload(UploadOutcome outcome) {
        lastTraffic = clock.instant();
        if (outcome.serverAnswered()) {
            lastGood = clock.instant();
            suspect = false;
            apply(policy.lineCheck(true, "upload: " + outcome));
        } else if (outcome.needsLineCheck()) {
            suspect = true;
            if (since(lastProbe).compareTo(settings.suspectInterval()) >= 0) {
                probe("upload: " + outcome);
            }
        }
    }

    private void onTick() {
        modems.state().retryWrite();
        if (activeDevice == null) {
            activeDevice = modems.activeDevice().orElse(null);
        }
        Duration idleAfter = settings.idleAfter(readingsMayWait.get());
        if ((suspect || policy.failures() > 0) && since(lastProbe).compareTo(settings.suspectInterval()) >= 0) {
            probe("line suspect");
        } else if (since(lastGood).compareTo(idleAfter) >= 0 && since(lastProbe).compareTo(idleAfter) >= 0) {
            probe("no good upload for " + since(lastGood).toSeconds() + " s");
        } else if (since(lastTraffic).compareTo(settings.keepAliveAfter()) >= 0) {
            probe("keep-alive: line quiet for " + since(lastTraffic).toMinutes() + " min");
        }
        apply(policy.tick());
    }

    private void probe(String why) {
        Instant now = clock.instant();
        lastProbe = now;
        lastTraffic = now;
        probes.incrementAndGet();
        LinkProbe.Verdict verdict = probe.probe();
        lastVerdict = (verdict.good() ? "good" : "bad") + " (" + why + "): " + verdict.evidence();
        boolean recovered = verdict.good() && policy.failures() > 0;
        if (verdict.good()) {
            if (suspect || policy.failures() > 0) {
                LOG.info("Line check on {} good ({}): {}", policy.active(), why, verdict.evidence());
            }
            lastGood = now;
            suspect = false;
        } else {
            LOG.warn("Line check on {} failed ({}): {}", policy.active(), why, verdict.evidence());
        }
        apply(policy.lineCheck(verdict.good(), verdict.evidence()));
        if (recovered) {
            // the line is proven good again: the uplink need not sit out a back-off grown while it was down
            lineChanged.run();
        }
    }

    private void apply(Optional<Decision> decision) {
        decision.ifPresent(d -> {
            LOG.info("Failover decision: switch {} -> {} because {}", policy.active(), d.target(), d.reason());
            carryOut(d.target(), d.reason());
        });
    }

    private SwitchRecord carryOut(String target, String reason) {
        switching = true;
        Optional<SwitchRecord> done = Optional.empty();
        try {
            tellBeforeSwitch();
            SwitchRecord record = modems.switchTo(target, reason);
            done = Optional.of(record);
            policy.switched(target, record.ok(), record.targetPowerFailed());
            return record;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while switching to " + target, e);
        } finally {
            afterSwitch(done);
        }
    }

    private void noteBoardFailure(SwitchRecord record) {
        if (record.targetPowerFailed()) {
            policy.boardFailed(record.to());
        }
    }

    private void afterSwitch(Optional<SwitchRecord> record) {
        lineChanged.run();
        activeDevice = modems.activeDevice().orElse(null);
        String active = modems.state().active();
        for (LineListener listener : lineListeners) {
            tell(() -> listener.lineChanged(active, activeDevice, record));
        }
        probe.lineTargets(modems.activeDns().stream().map(ip -> new InetSocketAddress(ip, 53)).toList());
        lastGood = clock.instant();
        lastProbe = null;
        suspect = false;
        switchesDone.incrementAndGet();
        switching = false;
    }

    private void tellBeforeSwitch() {
        lineListeners.forEach(listener -> tell(listener::beforeSwitch));
    }

    /** A listener that fails must not break the switch nor the other listeners. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("line listener failed", e);
        }
    }

    private String other(String id) {
        return modems.modems().stream().map(Modem::id).filter(m -> !m.equals(id)).findFirst().orElseThrow();
    }

    private OperatorOutcome onWorker(Callable<OperatorOutcome> command) {
        Future<OperatorOutcome> result;
        try {
            result = worker.submit(command);
        } catch (RejectedExecutionException e) {
            return new OperatorOutcome.Refused("the application is stopping");
        }
        try {
            return result.get(OPERATOR_WAIT.toMinutes(), TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OperatorOutcome.Refused("interrupted while waiting");
        } catch (ExecutionException e) {
            return new OperatorOutcome.Refused("failed: " + e.getCause());
        } catch (TimeoutException e) {
            return new OperatorOutcome.Refused("still queued after " + OPERATOR_WAIT.toMinutes() + " min; see LastSwitch");
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    if (worker.isShutdown()) {
                        // the application is stopping and interrupted the task (a switch under way): no failure
                        LOG.info("Link watch stopped during a task: {}", e.getMessage());
                    } else {
                        // a task that fails must not end the watch: the next one runs as usual
                        LOG.error("link watch task failed", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("link watch stopped: {}", e.getMessage());
        }
    }

    private Duration since(Instant then) {
        return then == null ? Duration.ofDays(365) : Duration.between(then, clock.instant());
    }
}

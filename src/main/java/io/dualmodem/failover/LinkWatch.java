package io.dualmodem.failover;

import io.dualmodem.modem.ModemSwitch;
import io.dualmodem.modem.SwitchRecord;
import io.dualmodem.uplink.UploadOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the three detectors — upload outcomes, NetworkManager device events, the line probe — to
 * the {@link FailoverPolicy} and carries out its decisions with the {@link ModemSwitch}.
 *
 * <p>Everything that touches the policy or the modems runs on one worker thread, one task at a
 * time, so a probe never overlaps a switch and decisions are taken in order. Callers (routes,
 * the event reader) only hand work over and return at once; ticks are dropped while the worker
 * is busy rather than queued. What happens on the line during a switch is not held against it.
 */
public final class LinkWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkWatch.class);
    private static final Set<String> LOST = Set.of("unavailable", "disconnected", "device removed", "unmanaged", "failed");

    private final FailoverPolicy policy;
    private final ModemSwitch modems;
    private final LinkProbe probe;
    private final WatchSettings settings;
    private final Clock clock;
    private Runnable afterSwitch = () -> { };
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "link-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    /** True during a switch, and from creation until the start-up restore is done. */
    private volatile boolean switching = true;
    private volatile String activeDevice;
    private volatile Instant lastTraffic;
    private volatile Instant lastGood;
    private volatile Instant lastProbe = Instant.MIN;
    private volatile boolean suspect;
    private volatile String lastVerdict = "";

    public LinkWatch(FailoverPolicy policy, ModemSwitch modems, LinkProbe probe, WatchSettings settings, Clock clock) {
        this.policy = policy;
        this.modems = modems;
        this.probe = probe;
        this.settings = settings;
        this.clock = clock;
        this.lastTraffic = clock.instant();
        this.lastGood = clock.instant();
    }

    /** Detector 1: what became of an upload. Only link faults and an open breaker call the line into question. */
    public void onUpload(UploadOutcome outcome) {
        if (switching) {
            return;
        }
        lastTraffic = clock.instant();
        if (outcome.serverAnswered()) {
            lastGood = clock.instant();
            suspect = false;
            submit(() -> apply(policy.lineCheck(true, "upload: " + outcome)));
        } else if (outcome.needsLineCheck()) {
            checkLine("upload: " + outcome);
        }
    }

    /** Runs a probe now (at most one per suspect interval), because something calls the line into question. */
    public void checkLine(String why) {
        suspect = true;
        if (Duration.between(lastProbe, clock.instant()).compareTo(settings.suspectInterval()) >= 0) {
            submit(() -> probe(why));
        }
    }

    /** Detector 2: a NetworkManager device event. */
    public void onDeviceEvent(String device, String state) {
        if (switching || !device.equals(activeDevice)) {
            return;
        }
        if (LOST.contains(state)) {
            submit(() -> {
                if (!switching && device.equals(activeDevice)) {
                    apply(policy.deviceLost(device + " " + state));
                }
            });
        }
    }

    /** Detector 3 and the clock: probes a suspect, idle or quiet line; lets the policy fail back. Called every second or so. */
    public void tick() {
        if (!tickQueued.compareAndSet(false, true)) {
            return;
        }
        submit(() -> {
            tickQueued.set(false);
            Instant now = clock.instant();
            if (activeDevice == null) {
                activeDevice = modems.activeDevice().orElse(null);
            }
            if ((suspect || policy.failures() > 0) && since(lastProbe, now).compareTo(settings.suspectInterval()) >= 0) {
                probe("line suspect");
            } else if (since(lastGood, now).compareTo(settings.idleInterval()) >= 0
                    && since(lastProbe, now).compareTo(settings.idleInterval()) >= 0) {
                probe("no good upload for " + since(lastGood, now).toSeconds() + " s");
            } else if (since(lastTraffic, now).compareTo(settings.keepAliveAfter()) >= 0) {
                probe("keep-alive: line quiet for " + since(lastTraffic, now).toMinutes() + " min");
            }
            apply(policy.tick());
        });
    }

    /** Runs after every switch; the uplink drops its kept-alive connections there, which the old line carried. */
    public void afterSwitch(Runnable action) {
        this.afterSwitch = action;
    }

    public FailoverPolicy policy() {
        return policy;
    }

    public String lastVerdict() {
        return lastVerdict;
    }

    public String activeDevice() {
        return activeDevice;
    }

    /**
     * At start-up: brings the remembered modem (or the primary) up if it is not; if that fails,
     * the other one, so a box never stays without a line because one board is dead. Then watches.
     */
    public void restoreAtStart() {
        submit(() -> {
            switching = true;
            try {
                SwitchRecord first = modems.ensureActive("start-up: modem was off or its link down");
                if (first != null) {
                    policy.switched(first.to(), first.ok(), first.targetPowerFailed());
                    if (!first.ok()) {
                        String other = modems.other(modems.modem(first.to())).id();
                        SwitchRecord second = modems.switchTo(other, "start-up: " + first.outcome());
                        policy.switched(other, second.ok(), second.targetPowerFailed());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                activeDevice = modems.activeDevice().orElse(null);
                switching = false;
            }
        });
    }

    /** An operator's switch (JMX): carried out in turn with the policy's, and the policy told. */
    public SwitchRecord operatorSwitch(String target) throws Exception {
        return worker.submit(() -> {
            apply(Optional.of(new Decision(target, "operator via JMX")));
            return modems.state().history().get(modems.state().history().size() - 1);
        }).get();
    }

    @Override
    public void close() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void probe(String why) {
        Instant now = clock.instant();
        lastProbe = now;
        lastTraffic = now;
        LinkProbe.Verdict verdict = probe.probe();
        lastVerdict = (verdict.good() ? "good" : "bad") + " (" + why + "): " + verdict.evidence();
        if (verdict.good()) {
            lastGood = now;
            suspect = false;
        } else {
            LOG.warn("Line check on {} failed ({}): {}", policy.active(), why, verdict.evidence());
        }
        apply(policy.lineCheck(verdict.good(), verdict.evidence()));
    }

    private void apply(Optional<Decision> decision) {
        if (decision.isEmpty() || modems.modems().isEmpty()) {
            return;
        }
        Decision d = decision.get();
        LOG.info("Failover decision: switch {} -> {} because {}", policy.active(), d.target(), d.reason());
        switching = true;
        try {
            SwitchRecord record = modems.switchTo(d.target(), d.reason());
            policy.switched(d.target(), record.ok(), record.targetPowerFailed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            afterSwitch.run();
            activeDevice = modems.activeDevice().orElse(null);
            lastGood = clock.instant();
            lastProbe = Instant.MIN;
            suspect = false;
            switching = false;
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("link watch task failed: {}", e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("link watch stopped: {}", e.getMessage());
        }
    }

    private static Duration since(Instant then, Instant now) {
        return then == Instant.MIN ? Duration.ofDays(365) : Duration.between(then, now);
    }
}

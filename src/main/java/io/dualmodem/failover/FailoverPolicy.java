package io.dualmodem.failover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which of the two modems carries the uplink. Plain Java: it is told what the detectors
 * saw and what the switch did, reads an injected clock, and answers with {@link Decision}s; it
 * never switches anything itself.
 *
 * <p><b>On the primary.</b> The cheap line carries the data. It is left after
 * {@code failuresToSwitch} consecutive failed line checks, or at once when NetworkManager
 * reports its device lost. Good checks (an accepted upload, a server that answered, a probe
 * that connected) reset the count. HTTP errors are good checks: they prove the line works.
 *
 * <p><b>On the secondary.</b> After the hold-down (30 min by default) the primary is tried again.
 * The secondary is left earlier only if it fails too.
 *
 * <p><b>Proving the primary.</b> Back on the primary, {@code goodChecksToStay} good checks make it
 * the settled line again and reset the hold-down. A failure before that sends the uplink back to
 * the secondary and doubles the hold-down (up to {@code maxHoldDown}), so a primary that keeps
 * failing is tried less and less often, but always again.
 *
 * <p><b>Both lines down.</b> Leaving a line that never proved itself since we switched to it
 * means the other line failed too: such alternations wait a back-off that doubles with each one
 * ({@code bothDownBackoff} up to {@code maxBothDownBackoff}) and is reset when a line proves good.
 * Readings keep waiting in the outbox meanwhile; the policy never gives up and never spins.
 *
 * <p><b>Anti-flap.</b> No more than {@code maxSwitchesPerHour} switches (successful or not) in any
 * hour; a decision due beyond that waits until the hour allows it.
 *
 * <p><b>Boards that fail.</b> A modem whose board did not power on is not chosen for
 * {@code boardFailHold}, doubling on each repeated failure and reset when it powers on.
 */
public final class FailoverPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverPolicy.class);

    /** Where the uplink is, in the terms above. */
    public enum State { ON_PRIMARY, ON_SECONDARY, PROVING_PRIMARY }

    private final PolicySettings settings;
    private final Clock clock;
    private final String primary;
    private final String secondary;
    private final Deque<Instant> switches = new ArrayDeque<>();
    private final Map<String, Instant> failedUntil = new HashMap<>();
    private final Map<String, Duration> failHold = new HashMap<>();

    private String active;
    private State state;
    private int failures;
    private int goods;
    private boolean provenSinceSwitch;
    private int alternations;
    private Duration holdDown;
    private Instant failbackAt;
    private Instant lastSwitchAt = Instant.MIN;
    private String lastFailure = "";
    private String waitingFor = "";

    public FailoverPolicy(PolicySettings settings, Clock clock, String primary, String secondary, String active) {
        this.settings = settings;
        this.clock = clock;
        this.primary = primary;
        this.secondary = secondary;
        this.holdDown = settings.holdDown();
        arriveAt(active == null ? primary : active, true);
    }

    /** A line check on the active modem: an upload outcome or a probe. */
    public synchronized Optional<Decision> lineCheck(boolean good, String evidence) {
        if (good) {
            failures = 0;
            goods++;
            if (goods >= settings.goodChecksToStay() && !provenSinceSwitch) {
                provenSinceSwitch = true;
                alternations = 0;
                if (state == State.PROVING_PRIMARY) {
                    state = State.ON_PRIMARY;
                    holdDown = settings.holdDown();
                    LOG.info("Primary {} proved healthy ({} good checks): staying on it", primary, goods);
                }
            }
            return Optional.empty();
        }
        goods = 0;
        failures++;
        lastFailure = evidence;
        if (failures < settings.failuresToSwitch()) {
            return Optional.empty();
        }
        return leave(failures + " failed line checks on " + active + ", last: " + evidence);
    }

    /** NetworkManager says the active modem's device is gone or disconnected. */
    public synchronized Optional<Decision> deviceLost(String evidence) {
        goods = 0;
        failures = Math.max(failures, settings.failuresToSwitch());
        lastFailure = evidence;
        return leave("NetworkManager: " + evidence);
    }

    /** Called every few seconds: fail-back when the hold-down is over; retries a switch that had to wait. */
    public synchronized Optional<Decision> tick() {
        Instant now = clock.instant();
        if (state == State.ON_SECONDARY && !now.isBefore(failbackAt)) {
            if (unusable(primary, now) || capReached(now)) {
                return Optional.empty();
            }
            return decide(primary, "fail-back to " + primary + ": hold-down of " + holdDown.toSeconds() + " s passed");
        }
        if (failures >= settings.failuresToSwitch()) {
            return leave(failures + " failed line checks on " + active + ", last: " + lastFailure);
        }
        return Optional.empty();
    }

    /**
     * Where the start-up restore left the uplink. Not a switch of the policy's: it counts toward no
     * cap, and the line counts as proven, as it was chosen before the application started.
     */
    public synchronized void startedOn(String modem) {
        arriveAt(modem, true);
    }

    /** What the switch did with a decision: {@code powerFailure} when the target's board did not power on. */
    public synchronized void switched(String target, boolean ok, boolean powerFailure) {
        Instant now = clock.instant();
        switches.addLast(now);
        lastSwitchAt = now;
        if (ok) {
            failedUntil.remove(target);
            failHold.remove(target);
            boolean leftFailedProof = state == State.PROVING_PRIMARY && !target.equals(primary);
            if (leftFailedProof) {
                holdDown = min(holdDown.multipliedBy(2), settings.maxHoldDown());
            }
            arriveAt(target, false);
            return;
        }
        if (powerFailure) {
            boardFailed(target);
        }
        if (state == State.ON_SECONDARY && target.equals(primary)) {
            holdDown = min(holdDown.multipliedBy(2), settings.maxHoldDown());
            failbackAt = now.plus(holdDown);
        }
    }

    /** The modem's board did not power on: it is not chosen for a while, longer each time. */
    public synchronized void boardFailed(String modem) {
        Instant now = clock.instant();
        Duration hold = failHold.getOrDefault(modem, settings.boardFailHold());
        failedUntil.put(modem, now.plus(hold));
        failHold.put(modem, min(hold.multipliedBy(2), settings.maxHoldDown()));
        LOG.warn("Modem {} did not power on: not chosen again before {}", modem, now.plus(hold));
    }

    public synchronized String primary() {
        return primary;
    }

    public synchronized String active() {
        return active;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int failures() {
        return failures;
    }

    public synchronized Instant failbackAt() {
        return state == State.ON_SECONDARY ? failbackAt : null;
    }

    public synchronized int switchesLastHour() {
        prune(clock.instant());
        return switches.size();
    }

    /** Why a due switch is not happening now, or empty. */
    public synchronized String waitingFor() {
        return waitingFor;
    }

    private Optional<Decision> leave(String why) {
        Instant now = clock.instant();
        String target = active.equals(primary) ? secondary : primary;
        if (unusable(target, now)) {
            return waitFor("modem " + target + " is marked failed until " + failedUntil.get(target));
        }
        boolean alternation = !provenSinceSwitch && state != State.PROVING_PRIMARY && lastSwitchAt != Instant.MIN;
        if (alternation) {
            Duration backoff = min(settings.bothDownBackoff().multipliedBy(1L << Math.min(alternations, 20)),
                    settings.maxBothDownBackoff());
            if (now.isBefore(lastSwitchAt.plus(backoff))) {
                return waitFor("both lines failing: next try of " + target + " at " + lastSwitchAt.plus(backoff));
            }
        }
        if (capReached(now)) {
            return waitFor("switch cap of " + settings.maxSwitchesPerHour() + " an hour reached");
        }
        if (alternation) {
            alternations++;
        }
        return decide(target, why);
    }

    private Optional<Decision> decide(String target, String why) {
        waitingFor = "";
        return Optional.of(new Decision(target, why));
    }

    private Optional<Decision> waitFor(String reason) {
        if (!reason.equals(waitingFor)) {
            LOG.info("Not switching now: {}", reason);
        }
        waitingFor = reason;
        return Optional.empty();
    }

    private void arriveAt(String modem, boolean startUp) {
        active = modem;
        failures = 0;
        goods = 0;
        provenSinceSwitch = startUp;
        if (modem.equals(primary)) {
            state = startUp ? State.ON_PRIMARY : State.PROVING_PRIMARY;
            failbackAt = null;
        } else {
            state = State.ON_SECONDARY;
            failbackAt = clock.instant().plus(holdDown);
        }
    }

    private boolean unusable(String modem, Instant now) {
        Instant until = failedUntil.get(modem);
        return until != null && now.isBefore(until);
    }

    private boolean capReached(Instant now) {
        prune(now);
        return switches.size() >= settings.maxSwitchesPerHour();
    }

    private void prune(Instant now) {
        while (!switches.isEmpty() && !switches.peekFirst().isAfter(now.minus(Duration.ofHours(1)))) {
            switches.removeFirst();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

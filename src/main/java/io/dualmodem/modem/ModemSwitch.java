package io.dualmodem.modem;

import io.dualmodem.modem.SwitchRecord.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the uplink from one modem to the other, as the article's {@code swcon.sh} does, with a
 * bound on every step: take every other modem's profile down and power its board off (STATUS says
 * whether it is on), power the target on, wait for its device, create its profile if missing,
 * bring it up on that device, and confirm the link is connected with an address. If the target
 * does not come up, it is powered off again and the previous modem brought back, so the box is
 * never left with both modems off because of a switch, nor with both on. Each switch is recorded,
 * with its reason and steps, in {@link ModemState}.
 */
public final class ModemSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(ModemSwitch.class);

    private final Map<String, Modem> modems = new LinkedHashMap<>();
    private final NetworkManager nm;
    private final ModemState state;
    private final Clock clock;
    private final Pause pause;
    private final Duration deviceTimeout;

    /** How bringing one modem up ended: on a device, or failed at a step. */
    private sealed interface BringUp permits Up, Failed {
    }

    private record Up(String device) implements BringUp {
    }

    private record Failed(Failure failure, String detail) implements BringUp {
    }

    public ModemSwitch(List<Modem> modems, NetworkManager nm, ModemState state, Clock clock, Pause pause, Duration deviceTimeout) {
        modems.forEach(m -> this.modems.put(m.id(), m));
        this.nm = nm;
        this.state = state;
        this.clock = clock;
        this.pause = pause;
        this.deviceTimeout = deviceTimeout;
    }

    public List<Modem> modems() {
        return List.copyOf(modems.values());
    }

    public Optional<Modem> find(String id) {
        return Optional.ofNullable(modems.get(id));
    }

    public Optional<Modem> active() {
        return Optional.ofNullable(state.active()).map(modems::get);
    }

    public ModemState state() {
        return state;
    }

    /**
     * At start-up: makes {@code want} the only powered modem with its link up, switching to it when
     * it is not. Empty when all was well already.
     */
    public synchronized Optional<SwitchRecord> ensureActive(String want, String reason) throws InterruptedException {
        Modem target = modems.get(want);
        boolean othersOff = modems.values().stream().filter(m -> m != target).noneMatch(m -> m.board().isOn());
        if (othersOff && target.board().isOn() && linkUp(target)) {
            LOG.info("Modem {} ({}) is on and its link is up", target.id(), target.board().name());
            if (!want.equals(state.active())) {
                state.setActive(want);
            }
            return Optional.empty();
        }
        return Optional.of(switchTo(want, reason));
    }

    /** The DNS servers the active modem's line was given, empty when none or unknown. */
    public List<String> activeDns() {
        try {
            return activeDevice().map(d -> nm.link(d).dns()).orElse(List.of());
        } catch (NmcliException e) {
            LOG.warn("Cannot read the DNS servers of the active line: {}", e.getMessage());
            return List.of();
        }
    }

    /** The network device the active modem's profile is up on, if any. */
    public Optional<String> activeDevice() {
        Optional<Modem> modem = active();
        if (modem.isEmpty()) {
            return Optional.empty();
        }
        try {
            return nm.devices().stream().filter(d -> d.connection().equals(modem.get().profile().name()))
                    .map(NetworkManager.Device::name).findFirst();
        } catch (NmcliException e) {
            LOG.warn("Cannot list devices: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Makes {@code targetId} the active modem. Returns the record of what happened; never throws
     * for a failing board or nmcli: that is a failed switch.
     */
    public synchronized SwitchRecord switchTo(String targetId, String reason) throws InterruptedException {
        Modem target = modems.get(targetId);
        Modem from = active().orElse(null);
        Instant start = clock.instant();
        List<PowerStep> steps = new ArrayList<>();
        LOG.info("Switching {} -> {}: {}", from == null ? "-" : from.id(), target.id(), reason);
        powerOffAllBut(target, steps);
        BringUp up = bringUp(target, steps);
        if (up instanceof Failed failed && from != null && from != target) {
            addPowerSteps(steps, target.board().powerOff());
            BringUp back = bringUp(from, steps);
            String outcome = failed.detail() + (back instanceof Failed again
                    ? "; " + from.id() + " did not come back either: " + again.detail() : "; back on " + from.id());
            return finish(start, from, target, reason, failed.failure(), outcome, from, steps);
        }
        if (up instanceof Failed failed) {
            return finish(start, from, target, reason, failed.failure(), failed.detail(), target, steps);
        }
        return finish(start, from, target, reason, Failure.NONE, "link up on " + ((Up) up).device(), target, steps);
    }

    /** Off and on again: revives a module that only a power cycle brings back, then brings its link up. */
    public synchronized SwitchRecord powerCycle(String id, String reason) throws InterruptedException {
        Modem modem = modems.get(id);
        Instant start = clock.instant();
        List<PowerStep> steps = new ArrayList<>();
        LOG.info("Power-cycling {}: {}", id, reason);
        attempt(steps, "nmcli connection down " + modem.profile().name(), () -> nm.down(modem.profile().name()));
        addPowerSteps(steps, modem.board().powerOff());
        BringUp up = bringUp(modem, steps);
        return up instanceof Failed failed
                ? finish(start, modem, modem, reason, failed.failure(), failed.detail(), modem, steps)
                : finish(start, modem, modem, reason, Failure.NONE, "link up on " + ((Up) up).device(), modem, steps);
    }

    private void powerOffAllBut(Modem target, List<PowerStep> steps) throws InterruptedException {
        for (Modem m : modems.values()) {
            if (m != target && (m.board().isOn() || state.active() != null && state.active().equals(m.id()))) {
                attempt(steps, "nmcli connection down " + m.profile().name(), () -> nm.down(m.profile().name()));
                addPowerSteps(steps, m.board().powerOff());
            }
        }
    }

    private BringUp bringUp(Modem modem, List<PowerStep> steps) throws InterruptedException {
        PowerResult on = modem.board().powerOn();
        addPowerSteps(steps, on);
        if (!on.ok()) {
            return new Failed(Failure.POWER, modem.id() + " did not power on");
        }
        Optional<String> device = waitForDevice(modem, steps);
        if (device.isEmpty()) {
            return new Failed(Failure.NO_DEVICE, modem.id() + ": no network device within " + deviceTimeout.toSeconds() + " s");
        }
        boolean hasProfile = check(steps, "find profile " + modem.profile().name(),
                () -> nm.profiles().stream().anyMatch(p -> p.name().equals(modem.profile().name())));
        if (!hasProfile && !attempt(steps, "nmcli connection add " + modem.profile().name(), () -> nm.add(modem.profile()))) {
            return new Failed(Failure.PROFILE, modem.id() + ": cannot create profile " + modem.profile().name());
        }
        if (!attempt(steps, "nmcli connection up " + modem.profile().name() + " ifname " + device.get(),
                () -> nm.up(modem.profile(), device.get()))) {
            return new Failed(Failure.ACTIVATION, modem.id() + ": activation of " + modem.profile().name() + " on "
                    + device.get() + " failed");
        }
        NetworkManager.Link link;
        try {
            link = nm.link(device.get());
        } catch (RuntimeException e) {
            steps.add(step("confirm link " + device.get(), Duration.ZERO, "error: " + e.getMessage()));
            return new Failed(Failure.LINK_NOT_UP, modem.id() + ": link on " + device.get() + " cannot be read");
        }
        steps.add(step("confirm link " + device.get(), Duration.ZERO, link.isUp()
                ? "connected " + link.ipv4() : "state " + link.state() + ", no address"));
        return link.isUp() ? new Up(device.get())
                : new Failed(Failure.LINK_NOT_UP, modem.id() + ": link on " + device.get() + " not up");
    }

    /**
     * The device the powered modem brought: one its profile can take, present and usable, that
     * carries no other modem's profile. Every other board is off by now, so it is the target's own.
     */
    private Optional<String> waitForDevice(Modem modem, List<PowerStep> steps) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(deviceTimeout);
        while (true) {
            try {
                Optional<String> found = nm.devices().stream()
                        .filter(modem.profile()::matches)
                        .filter(d -> !d.state().startsWith("unavailable") && !d.state().startsWith("unmanaged"))
                        .filter(d -> modems.values().stream().noneMatch(m -> m != modem
                                && d.connection().equals(m.profile().name())))
                        .map(NetworkManager.Device::name)
                        .findFirst();
                if (found.isPresent()) {
                    steps.add(step("wait for device", Duration.between(start, clock.instant()), found.get()));
                    return found;
                }
            } catch (NmcliException e) {
                LOG.debug("listing devices failed while waiting: {}", e.getMessage());
            }
            if (!clock.instant().isBefore(deadline)) {
                steps.add(step("wait for device", Duration.between(start, clock.instant()), "none appeared"));
                return Optional.empty();
            }
            pause.sleep(Duration.ofMillis(250));
        }
    }

    private boolean linkUp(Modem modem) {
        try {
            return nm.devices().stream()
                    .filter(d -> d.connection().equals(modem.profile().name()))
                    .anyMatch(d -> nm.link(d.name()).isUp());
        } catch (NmcliException e) {
            LOG.warn("Cannot read the link state of {}: {}", modem.id(), e.getMessage());
            return false;
        }
    }

    /** Runs a step that answers yes or no; an error counts as no and is recorded. */
    private boolean check(List<PowerStep> steps, String what, BooleanSupplier question) {
        Instant start = clock.instant();
        try {
            boolean yes = question.getAsBoolean();
            steps.add(step(what, Duration.between(start, clock.instant()), yes ? "yes" : "no"));
            return yes;
        } catch (RuntimeException e) {
            steps.add(step(what, Duration.between(start, clock.instant()), "error: " + e.getMessage()));
            return false;
        }
    }

    private boolean attempt(List<PowerStep> steps, String what, Runnable action) {
        return check(steps, what, () -> {
            action.run();
            return true;
        });
    }

    /** The board's own steps, then one line for the whole sequence. */
    private void addPowerSteps(List<PowerStep> steps, PowerResult result) {
        for (PowerStep s : result.steps()) {
            steps.add(new PowerStep(s.at(), result.board() + ": " + s.what(), s.millis(), s.outcome()));
        }
        steps.add(new PowerStep(clock.instant().toString(), result.board() + " " + result.action(), result.millis(),
                (result.ok() ? "ok" : "FAILED") + " after " + result.steps().size() + " steps"));
    }

    private PowerStep step(String what, Duration took, String outcome) {
        return new PowerStep(clock.instant().toString(), what, took.toMillis(), outcome);
    }

    private SwitchRecord finish(Instant start, Modem from, Modem target, String reason, Failure failure, String outcome,
                                Modem active, List<PowerStep> steps) {
        SwitchRecord record = new SwitchRecord(start.toString(), from == null ? null : from.id(), target.id(), reason,
                failure, Duration.between(start, clock.instant()).toMillis(), outcome, active.id(), List.copyOf(steps));
        state.record(record);
        if (record.ok()) {
            LOG.info("Switch {}", record.summary());
        } else {
            LOG.warn("Switch {} — steps: {}", record.summary(), steps);
        }
        return record;
    }
}

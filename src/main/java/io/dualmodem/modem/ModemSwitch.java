package io.dualmodem.modem;

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
 * bound on every step: take the active profile down, power the active board off, power the other
 * on, wait for its device, create its profile if missing, bring it up, and confirm the link has a
 * state of connected and an address. If the new modem does not come up, it is powered off again
 * and the previous one brought back, so the box is never left with both modems off because of a
 * switch. Each switch is recorded, with its reason and steps, in {@link ModemState}.
 */
public final class ModemSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(ModemSwitch.class);

    private final Map<String, Modem> modems = new LinkedHashMap<>();
    private final NetworkManager nm;
    private final ModemState state;
    private final Clock clock;
    private final Pause pause;
    private final Duration deviceTimeout;

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

    public Modem modem(String id) {
        Modem m = modems.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no modem " + id + " (known: " + modems.keySet() + ")");
        }
        return m;
    }

    public Optional<Modem> active() {
        return Optional.ofNullable(state.active()).map(modems::get);
    }

    public ModemState state() {
        return state;
    }

    /** The other modem of the two. */
    public Modem other(Modem modem) {
        return modems.values().stream().filter(m -> m != modem).findFirst().orElseThrow();
    }

    /**
     * Makes sure the remembered active modem (or, if none is remembered, the primary) is powered
     * and its link is up, switching to it when not. Returns the switch made, or null when all was well.
     */
    public synchronized SwitchRecord ensureActive(String reason) throws InterruptedException {
        if (modems.isEmpty()) {
            return null;
        }
        Modem want = active().orElseGet(() -> modems.values().stream().filter(Modem::primary).findFirst().orElseThrow());
        if (want.board().isOn() && linkUp(want)) {
            LOG.info("Modem {} ({}) is on and its link is up", want.id(), want.board().name());
            if (state.active() == null) {
                state.setActive(want.id());
            }
            return null;
        }
        return switchTo(want.id(), reason);
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

    /** Whether the modem's profile is active on a device that is connected with an address. */
    public boolean linkUp(Modem modem) {
        try {
            return nm.devices().stream()
                    .filter(d -> d.connection().equals(modem.profile().name()))
                    .anyMatch(d -> nm.link(d.name()).isUp());
        } catch (NmcliException e) {
            LOG.warn("Cannot read the link state of {}: {}", modem.id(), e.getMessage());
            return false;
        }
    }

    /**
     * Makes {@code targetId} the active modem. Returns the record of what happened; never throws
     * for a failing board or nmcli: that is a failed switch.
     */
    public synchronized SwitchRecord switchTo(String targetId, String reason) throws InterruptedException {
        Modem target = modem(targetId);
        Modem from = active().orElse(null);
        Instant start = clock.instant();
        List<PowerStep> steps = new ArrayList<>();
        LOG.info("Switching {} -> {}: {}", from == null ? "-" : from.id(), target.id(), reason);

        if (from != null && from != target) {
            attempt(steps, "nmcli connection down " + from.profile().name(), () -> nm.down(from.profile().name()));
            addPowerSteps(steps, from.board().powerOff());
        }
        String outcome = bringUp(target, steps);
        if (outcome == null) {
            return finish(start, from, target, reason, true, "link up", steps, target.id());
        }
        if (from != null && from != target) {
            addPowerSteps(steps, target.board().powerOff());
            String back = bringUp(from, steps);
            return finish(start, from, target, reason, false, outcome + (back == null
                    ? "; back on " + from.id() : "; " + from.id() + " did not come back either: " + back), steps,
                    back == null ? from.id() : null);
        }
        return finish(start, from, target, reason, false, outcome, steps, target.board().isOn() ? target.id() : null);
    }

    /** Powers the modem on and brings its link up; returns null when the link is up, else what failed. */
    private String bringUp(Modem modem, List<PowerStep> steps) throws InterruptedException {
        PowerResult on = modem.board().powerOn();
        addPowerSteps(steps, on);
        if (!on.ok()) {
            return modem.id() + " did not power on";
        }
        Optional<NetworkManager.Device> device = waitForDevice(modem, steps);
        if (device.isEmpty()) {
            return modem.id() + ": no network device within " + deviceTimeout.toSeconds() + " s";
        }
        boolean hasProfile = check(steps, "find profile " + modem.profile().name(),
                () -> nm.profiles().stream().anyMatch(p -> p.name().equals(modem.profile().name())));
        if (!hasProfile && !attempt(steps, "nmcli connection add " + modem.profile().name(), () -> nm.add(modem.profile()))) {
            return modem.id() + ": cannot create profile " + modem.profile().name();
        }
        if (!attempt(steps, "nmcli connection up " + modem.profile().name(), () -> nm.up(modem.profile()))) {
            return modem.id() + ": activation of " + modem.profile().name() + " failed";
        }
        NetworkManager.Link link = nm.link(device.get().name());
        steps.add(step("confirm link " + device.get().name(), Duration.ZERO, link.isUp()
                ? "connected " + link.ipv4() : "state " + link.state() + ", no address"));
        return link.isUp() ? null : modem.id() + ": link on " + device.get().name() + " not up";
    }

    private Optional<NetworkManager.Device> waitForDevice(Modem modem, List<PowerStep> steps) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(deviceTimeout);
        while (true) {
            try {
                Optional<NetworkManager.Device> found = nm.devices().stream()
                        .filter(modem.profile()::matches)
                        .filter(d -> !d.state().startsWith("unavailable") && !d.state().startsWith("unmanaged"))
                        .findFirst();
                if (found.isPresent()) {
                    steps.add(step("wait for device", Duration.between(start, clock.instant()), found.get().name()));
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

    private SwitchRecord finish(Instant start, Modem from, Modem target, String reason, boolean ok, String outcome,
                                List<PowerStep> steps, String nowActive) {
        SwitchRecord record = new SwitchRecord(start.toString(), from == null ? null : from.id(), target.id(), reason,
                ok, Duration.between(start, clock.instant()).toMillis(), outcome,
                outcome.startsWith(target.id() + " did not power on"), List.copyOf(steps));
        state.record(record, nowActive);
        if (ok) {
            LOG.info("Switch {}", record.summary());
        } else {
            LOG.warn("Switch {} — steps: {}", record.summary(), steps);
        }
        return record;
    }
}

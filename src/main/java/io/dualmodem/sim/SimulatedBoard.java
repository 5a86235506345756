package io.dualmodem.sim;

import io.dualmodem.modem.BoardLines;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Simulation of a 3GPi board's module (SIM5320) as its GPIO lines show it.
 *
 * <p>A POWER pulse of at least {@link #MIN_PULSE} toggles the module: when released, an off module
 * boots and raises STATUS after the boot delay; an on module shuts down and drops STATUS after
 * the shutdown delay. A pulse during boot aborts it (PWRKEY is a toggle: that is why a blind
 * second pulse is dangerous). Shorter pulses do nothing, as on the chip. A RESET pulse restarts an on
 * module: STATUS drops at once and comes back after the boot delay. Faults model what field
 * boards do: never powering on, booting slowly, or a STATUS line stuck at one level; and what a GPIO chip
 * that stops answering does: every line request fails as libgpiod's does (ENODEV), and the module stays as it was.
 * Every change of the module's real state is reported to the listener (the test bed adds or
 * removes the modem's network link there).
 */
public final class SimulatedBoard implements BoardLines {

    public static final Duration MIN_PULSE = Duration.ofMillis(500);

    public enum Fault { NONE, STUCK_OFF, SLOW_BOOT, STATUS_STUCK, GPIO_GONE }

    private final Clock clock;
    private final Duration bootDelay;
    private final Duration shutdownDelay;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private Fault fault = Fault.NONE;
    private boolean on;
    private boolean statusStuckAt;
    private Instant powerPressedAt;
    private Instant resetPressedAt;
    private Boolean pendingState;
    private Instant pendingAt;

    public SimulatedBoard(Clock clock, Duration bootDelay, Duration shutdownDelay, boolean initiallyOn) {
        this.clock = clock;
        this.bootDelay = bootDelay;
        this.shutdownDelay = shutdownDelay;
        this.on = initiallyOn;
    }

    public void onPowerChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    public synchronized void fail(Fault fault) {
        settle();
        this.fault = fault;
        this.statusStuckAt = on;
    }

    /** Whether the module is really running (what STATUS would show if it worked). */
    public synchronized boolean isModuleOn() {
        settle();
        return on;
    }

    @Override
    public synchronized void power(boolean high) {
        settle();
        failIfGone("set");
        if (high && powerPressedAt == null) {
            powerPressedAt = clock.instant();
        } else if (!high && powerPressedAt != null) {
            Duration held = Duration.between(powerPressedAt, clock.instant());
            powerPressedAt = null;
            if (held.compareTo(MIN_PULSE) < 0) {
                return;
            }
            if (pendingState == null) {
                toggle();
            } else if (pendingState) {
                pendingState = null; // pressed again while booting: the module goes back off
            }
        }
    }

    @Override
    public synchronized void reset(boolean high) {
        settle();
        failIfGone("set");
        if (high && resetPressedAt == null) {
            resetPressedAt = clock.instant();
        } else if (!high && resetPressedAt != null) {
            resetPressedAt = null;
            if (on) {
                change(false);
                pendingState = true;
                pendingAt = clock.instant().plus(boot());
            }
        }
    }

    @Override
    public synchronized boolean status() {
        settle();
        failIfGone("get");
        return fault == Fault.STATUS_STUCK ? statusStuckAt : on;
    }

    @Override
    public void close() {
        power(false);
        reset(false);
    }

    private void failIfGone(String operation) {
        if (fault == Fault.GPIO_GONE) {
            throw new IllegalStateException("cannot " + operation + " the GPIO line's value: No such device");
        }
    }

    private void toggle() {
        if (!on && fault == Fault.STUCK_OFF) {
            return;
        }
        pendingState = !on;
        pendingAt = clock.instant().plus(on ? shutdownDelay : boot());
    }

    private Duration boot() {
        // slow: past the vendor tool's 10 s STATUS timeout with the default 8 s boot delay
        return fault == Fault.SLOW_BOOT ? bootDelay.multipliedBy(7).dividedBy(4) : bootDelay;
    }

    private void settle() {
        if (pendingState != null && !clock.instant().isBefore(pendingAt)) {
            boolean target = pendingState;
            pendingState = null;
            change(target);
        }
    }

    private void change(boolean target) {
        if (on != target) {
            on = target;
            listeners.forEach(l -> l.accept(target));
        }
    }
}

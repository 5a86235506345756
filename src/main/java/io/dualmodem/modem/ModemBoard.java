package io.dualmodem.modem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One 3GPi board, powered the way the vendor's {@code 3gpictl} does it, with bounds.
 *
 * <p>PWRKEY is a toggle, so STATUS is read first and POWER is pulsed only when the module is not
 * already in the wanted state. After a pulse STATUS is polled until it shows the wanted state or
 * the timeout passes. A module that did not answer is looked at again after a growing pause (a
 * slow boot shows up then, and is not toggled back off by a blind second pulse) and only then
 * pulsed again, up to {@code attempts} times. Powering on escalates to a RESET pulse and one last
 * POWER pulse; after that the board is reported failed. Nothing here loops without a bound.
 */
public final class ModemBoard {

    private static final Logger LOG = LoggerFactory.getLogger(ModemBoard.class);

    private final String name;
    private final BoardLines lines;
    private final PowerTiming timing;
    private final Clock clock;
    private final Pause pause;
    private volatile PowerStep lastStep;
    private volatile PowerResult lastResult;
    private volatile int failures;

    public ModemBoard(String name, BoardLines lines, PowerTiming timing, Clock clock, Pause pause) {
        this.name = name;
        this.lines = lines;
        this.timing = timing;
        this.clock = clock;
        this.pause = pause;
    }

    public String name() {
        return name;
    }

    /**
     * STATUS as the board shows it now. A line that cannot be read counts as on: a switch then tries to power the
     * board off, and records why that failed, rather than take it for off and leave two modems powered.
     */
    public boolean isOn() {
        try {
            return lines.status();
        } catch (RuntimeException e) {
            LOG.debug("{}: cannot read STATUS: {}", name, e.getMessage());
            return true;
        }
    }

    public synchronized PowerResult powerOn() throws InterruptedException {
        return sequence(true);
    }

    public synchronized PowerResult powerOff() throws InterruptedException {
        return sequence(false);
    }

    public PowerStep lastStep() {
        return lastStep;
    }

    public PowerResult lastResult() {
        return lastResult;
    }

    public int failures() {
        return failures;
    }

    public PowerTiming timing() {
        return timing;
    }

    /** The power sequence; a GPIO line that fails on the way (the chip stopped answering) fails it, with the cause. */
    private PowerResult sequence(boolean on) throws InterruptedException {
        String action = on ? "power-on" : "power-off";
        Instant start = clock.instant();
        List<PowerStep> steps = new ArrayList<>();
        try {
            return finish(action, press(on, steps), since(start), steps);
        } catch (RuntimeException e) {
            step(steps, "GPIO", Duration.ZERO, "error: " + e.getMessage());
            return finish(action, false, since(start), steps);
        }
    }

    /** Whether the module reached the wanted state. */
    private boolean press(boolean on, List<PowerStep> steps) throws InterruptedException {
        if (read(steps) == on) {
            return true;
        }
        for (int attempt = 1; attempt <= timing.attempts(); attempt++) {
            pulse(steps, "POWER pulse " + attempt + "/" + timing.attempts(), true, timing.pulse());
            if (waitFor(on, steps)) {
                return true;
            }
            if (attempt < timing.attempts()) {
                Duration backoff = timing.backoff().multipliedBy(attempt);
                step(steps, "pause before looking again", backoff, "");
                pause.sleep(backoff);
                if (read(steps) == on) {
                    return true;
                }
            }
        }
        if (on) {
            pulse(steps, "RESET pulse", false, timing.resetPulse());
            if (waitFor(true, steps)) {
                return true;
            }
            if (!read(steps)) {
                pulse(steps, "POWER pulse after reset", true, timing.pulse());
                if (waitFor(true, steps)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void pulse(List<PowerStep> steps, String what, boolean powerLine, Duration length) throws InterruptedException {
        Instant start = clock.instant();
        try {
            set(powerLine, true);
            pause.sleep(length);
        } finally {
            set(powerLine, false);
        }
        step(steps, what, Duration.between(start, clock.instant()), "released");
    }

    private void set(boolean powerLine, boolean high) {
        if (powerLine) {
            lines.power(high);
        } else {
            lines.reset(high);
        }
    }

    private boolean waitFor(boolean on, List<PowerStep> steps) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timing.timeout());
        while (true) {
            if (lines.status() == on) {
                step(steps, "STATUS " + (on ? 1 : 0), Duration.between(start, clock.instant()), "reached");
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                step(steps, "STATUS " + (on ? 1 : 0), Duration.between(start, clock.instant()), "timeout");
                return false;
            }
            pause.sleep(timing.poll());
        }
    }

    private boolean read(List<PowerStep> steps) {
        boolean status = lines.status();
        step(steps, "read STATUS", Duration.ZERO, status ? "1 (on)" : "0 (off)");
        return status;
    }

    private void step(List<PowerStep> steps, String what, Duration took, String outcome) {
        PowerStep step = new PowerStep(clock.instant().toString(), what, took.toMillis(), outcome);
        steps.add(step);
        lastStep = step;
        LOG.debug("{}: {}", name, step);
    }

    private PowerResult finish(String action, boolean ok, long millis, List<PowerStep> steps) {
        PowerResult result = new PowerResult(name, action, ok, millis, List.copyOf(steps));
        lastResult = result;
        if (ok) {
            LOG.info("{} {} done in {} ms ({} steps)", name, action, millis, steps.size());
        } else {
            failures++;
            LOG.warn("{} {} FAILED after {} ms: {}", name, action, millis, steps);
        }
        return result;
    }

    private long since(Instant start) {
        return Duration.between(start, clock.instant()).toMillis();
    }
}

package io.dualmodem.modem;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A board's lines through Pi4J's gpiod plugin (libgpiod, {@code /dev/gpiochipN}). Pi4J picks the
 * chip whose label contains "pinctrl", which is the 40-pin header's chip on the Pi 3, 4 and 5.
 * Outputs start low and are left low at shutdown, so stopping the application never presses
 * PWRKEY and never toggles a modem.
 */
public final class Pi4jBoardLines implements BoardLines {

    private final Context pi4j;
    private final DigitalOutput power;
    private final DigitalOutput reset;
    private final DigitalInput status;

    private static final Path GPIO_CHIP = Path.of("/dev/gpiochip0");

    /**
     * The lines of a board, through this context; when they cannot be opened, an exception that
     * says why in the words an operator needs (Pi4J's own message blames a missing jar).
     */
    public static Function<BoardConfig, BoardLines> of(Supplier<Context> pi4j) {
        return b -> {
            try {
                return new Pi4jBoardLines(pi4j.get(), b.name(), b.powerPin(), b.statusPin(), b.resetPin());
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalStateException(whyNoGpio(e), e);
            }
        };
    }

    static String whyNoGpio(Throwable e) {
        if (!Files.exists(GPIO_CHIP)) {
            return "no " + GPIO_CHIP + ": this kernel offers no GPIO character device (is this a Raspberry Pi?)";
        }
        if (!Files.isReadable(GPIO_CHIP) || !Files.isWritable(GPIO_CHIP)) {
            return "cannot open " + GPIO_CHIP + ": permission denied — add the service user to the gpio group";
        }
        return "cannot drive the boards' GPIO lines through Pi4J's gpiod provider (no chip labelled pinctrl-*, "
                + "or its native library does not load: " + e.getMessage() + ") — check `gpioinfo`";
    }

    public Pi4jBoardLines(Context pi4j, String board, int powerPin, int statusPin, int resetPin) {
        this.pi4j = pi4j;
        this.power = output(board + "-power", powerPin);
        this.reset = output(board + "-reset", resetPin);
        this.status = held(board + "-status", DigitalInput.class, () -> pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id(board + "-status").address(statusPin).pull(PullResistance.OFF).provider("gpiod-digital-input").build()));
    }

    private DigitalOutput output(String id, int pin) {
        return held(id, DigitalOutput.class, () -> pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id(id).address(pin).initial(DigitalState.LOW).shutdown(DigitalState.LOW)
                .provider("gpiod-digital-output").build()));
    }

    /**
     * A line an earlier try opened before a later line failed is still this process's: Pi4J refuses its id again and
     * its gpiod plugin releases requested lines only when the context shuts down, so it is taken back, not requested.
     */
    private <T extends IO> T held(String id, Class<T> type, Supplier<T> open) {
        return pi4j.registry().exists(id) ? pi4j.registry().get(id, type) : open.get();
    }

    @Override
    public void power(boolean high) {
        power.state(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    public void reset(boolean high) {
        reset.state(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    public boolean status() {
        return status.state() == DigitalState.HIGH;
    }

    @Override
    public void close() {
        power(false);
        reset(false);
    }
}

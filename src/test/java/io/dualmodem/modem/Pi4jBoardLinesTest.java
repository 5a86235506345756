package io.dualmodem.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.exception.InitializeException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputBase;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProviderBase;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Modem control retries boards whose lines did not open. A try that opened POWER and RESET and then failed on STATUS
 * (another process holds it) leaves those two with this process: Pi4J keeps them in its context's registry and its
 * gpiod plugin never releases a requested line before the context shuts down, so the next try must take them back,
 * not request them again.
 */
class Pi4jBoardLinesTest {

    private static final int POWER = 5;
    private static final int STATUS = 6;
    private static final int RESET = 13;

    /**
     * The kernel's side as Pi4J's gpiod plugin meets it: a line requested by this process stays requested (the plugin
     * releases lines only when the context shuts down), and a second request of it, or of a line another process
     * holds, fails with EBUSY.
     */
    private static final class Chip {
        final Set<Integer> requested = ConcurrentHashMap.newKeySet();
        volatile int heldElsewhere = -1;

        void request(int pin, String id) throws InitializeException {
            if (pin == heldElsewhere || !requested.add(pin)) {
                throw new InitializeException("Failed to initialize IO " + id, new IllegalStateException("Device or resource busy"));
            }
        }
    }

    /** As GpioDDigitalOutputProviderImpl: makes the output, adds it to the registry, which initializes (requests) it. */
    private static final class Outputs extends DigitalOutputProviderBase {
        private final Chip chip;

        Outputs(Chip chip) {
            super("gpiod-digital-output", "outputs on a modelled chip");
            this.chip = chip;
        }

        @Override
        public DigitalOutput create(DigitalOutputConfig config) {
            DigitalOutput out = new DigitalOutputBase(this, config) {
                @Override
                public DigitalOutput initialize(Context context) throws InitializeException {
                    chip.request(config.address(), config.id());
                    return super.initialize(context);
                }
            };
            context().registry().add(out);
            return out;
        }
    }

    /** As GpioDDigitalInputProviderImpl, for STATUS, which reads low. */
    private static final class Inputs extends DigitalInputProviderBase {
        private final Chip chip;

        Inputs(Chip chip) {
            super("gpiod-digital-input", "inputs on a modelled chip");
            this.chip = chip;
        }

        @Override
        public DigitalInput create(DigitalInputConfig config) {
            DigitalInput in = new DigitalInputBase(this, config) {
                @Override
                public DigitalInput initialize(Context context) throws InitializeException {
                    chip.request(config.address(), config.id());
                    return super.initialize(context);
                }

                @Override
                public DigitalState state() {
                    return DigitalState.LOW;
                }
            };
            context().registry().add(in);
            return in;
        }
    }

    @Test
    void aTryThatFailedOnStatusLeavesPowerAndResetToTheNextTryWhichOpensTheBoardOnceStatusIsFree() {
        Chip chip = new Chip();
        chip.heldElsewhere = STATUS;
        Context context = Pi4J.newContextBuilder().add(new Outputs(chip), new Inputs(chip)).build();
        try {
            Function<BoardConfig, BoardLines> boards = Pi4jBoardLines.of(() -> context);
            BoardConfig a = new BoardConfig("a", "3gpi-1", POWER, STATUS, RESET,
                    new ProfileSpec("modem-a", "gsm", "*", List.of(), "gsm.password", ""));

            assertThrows(IllegalStateException.class, () -> boards.apply(a));

            chip.heldElsewhere = -1; // the operator stopped the other process
            BoardLines lines = boards.apply(a);
            lines.power(true);
            assertEquals(DigitalState.HIGH, context.registry().get("3gpi-1-power", DigitalOutput.class).state());
            lines.power(false);
            assertEquals(DigitalState.LOW, context.registry().get("3gpi-1-power", DigitalOutput.class).state());
            assertEquals(false, lines.status());
            assertEquals(Set.of(POWER, STATUS, RESET), chip.requested);
        } finally {
            context.shutdown();
        }
    }
}

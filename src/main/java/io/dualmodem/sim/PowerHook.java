package io.dualmodem.sim;

import io.dualmodem.modem.CommandResult;
import io.dualmodem.modem.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a program that a simulated module powered on or off, as {@code HOOK... BOARD on|off}: the
 * test bed plugs and unplugs the modem's link there, as USB would. Run with an argument vector
 * and a time limit; a hook that fails is logged and does not stop the simulation.
 */
final class PowerHook implements Consumer<Boolean> {

    private static final Logger LOG = LoggerFactory.getLogger(PowerHook.class);
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private final List<String> hook;
    private final String board;
    private final CommandRunner runner;

    PowerHook(List<String> hook, String board, CommandRunner runner) {
        this.hook = List.copyOf(hook);
        this.board = board;
        this.runner = runner;
    }

    @Override
    public void accept(Boolean on) {
        List<String> argv = new ArrayList<>(hook);
        argv.add(board);
        argv.add(on ? "on" : "off");
        CommandResult result = runner.run(argv, LIMIT);
        if (result.exitCode() != 0 || result.timedOut()) {
            LOG.warn("SIMULATION power hook {} failed (exit {}): {}", argv, result.exitCode(), result.stderr().trim());
        }
    }
}

package io.dualmodem.modem;

import java.time.Duration;
import java.util.List;

/** Runs a program with an argument vector (never through a shell) and a time limit. */
@FunctionalInterface
public interface CommandRunner {

    /** Runs {@code argv}; a program still running after {@code timeout} is killed and reported as timed out. */
    CommandResult run(List<String> argv, Duration timeout);
}

package io.dualmodem.modem;

/** How a program ended and what it printed. */
public record CommandResult(int exitCode, String stdout, String stderr, boolean timedOut) {
}

package io.dualmodem.modem;

import java.util.List;

/** The outcome of powering a board on or off, with every step taken. */
public record PowerResult(String board, String action, boolean ok, long millis, List<PowerStep> steps) {

    @Override
    public String toString() {
        return board + " " + action + (ok ? " done" : " FAILED") + " in " + millis + " ms: " + steps;
    }
}

package io.dualmodem.modem;

/** One step of a power sequence or switch: when, what, how long, and how it ended. */
public record PowerStep(String at, String what, long millis, String outcome) {

    @Override
    public String toString() {
        return what + " -> " + outcome + " (" + millis + " ms)";
    }
}

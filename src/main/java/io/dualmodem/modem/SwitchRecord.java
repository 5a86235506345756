package io.dualmodem.modem;

import java.util.List;

/**
 * One switch between modems as it happened: why, from and to which, every step, the result, and
 * which modem is active after it ({@code active}: the target when it worked, else the previous
 * one, which was brought back).
 */
public record SwitchRecord(String at, String from, String to, String reason, Failure failure, long millis,
                           String outcome, String active, List<PowerStep> steps) {

    /** What went wrong in a switch, if anything. */
    public enum Failure { NONE, POWER, NO_DEVICE, PROFILE, ACTIVATION, LINK_NOT_UP }

    public boolean ok() {
        return failure == Failure.NONE;
    }

    public boolean targetPowerFailed() {
        return failure == Failure.POWER;
    }

    /** The one-line form used in the log and in JMX. */
    public String summary() {
        return at + " " + (from == null ? "-" : from) + " -> " + to + " (" + reason + "): "
                + (ok() ? "ok" : "FAILED") + " in " + millis + " ms, " + outcome;
    }
}

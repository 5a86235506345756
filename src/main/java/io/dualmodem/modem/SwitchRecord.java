package io.dualmodem.modem;

import java.util.List;

/** One switch between modems as it happened: why, from and to which, every step, and the result. */
public record SwitchRecord(String at, String from, String to, String reason, boolean ok, long millis,
                           String outcome, boolean targetPowerFailed, List<PowerStep> steps) {

    /** The one-line form used in the log and in JMX. */
    public String summary() {
        return at + " " + (from == null ? "-" : from) + " -> " + to + " (" + reason + "): "
                + (ok ? "ok" : "FAILED") + " in " + millis + " ms, " + outcome;
    }
}

package io.dualmodem.modem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** Its fields as plain JSON values, in the order the state file and the switch event show them. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", at);
        fields.put("from", from);
        fields.put("to", to);
        fields.put("reason", reason);
        fields.put("failure", failure == null ? null : failure.name());
        fields.put("millis", millis);
        fields.put("outcome", outcome);
        fields.put("active", active);
        List<Object> stepFields = new ArrayList<>();
        for (PowerStep step : steps == null ? List.<PowerStep>of() : steps) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("at", step.at());
            s.put("what", step.what());
            s.put("millis", step.millis());
            s.put("outcome", step.outcome());
            stepFields.add(s);
        }
        fields.put("steps", stepFields);
        return fields;
    }

    /** The one-line form used in the log and in JMX. */
    public String summary() {
        return at + " " + (from == null ? "-" : from) + " -> " + to + " (" + reason + "): "
                + (ok() ? "ok" : "FAILED") + " in " + millis + " ms, " + outcome;
    }
}

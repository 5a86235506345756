package io.dualmodem.radio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ModemManager said of the active modem's radio at one moment, or why nothing could be said.
 *
 * @param modem         the active modem ({@code a} or {@code b}) when it was asked
 * @param signal        signal quality in percent (ModemManager's {@code signal-quality}), null when unknown
 * @param recent        whether ModemManager took that value recently (else it is its last known one)
 * @param access        access technologies in use ({@code umts}, {@code hsdpa}, {@code lte}, …)
 * @param operator      the network's name ({@code NTT DOCOMO}), null when unknown
 * @param operatorCode  the network's MCC/MNC ({@code 44010}), null when unknown
 * @param state         the modem's state in ModemManager ({@code connected}, {@code registered}, …)
 * @param unavailable   why there is no reading ({@code no ModemManager: …}), null when there is one
 */
public record RadioReport(String at, String modem, Integer signal, boolean recent, List<String> access, String operator,
                          String operatorCode, String state, String unavailable) {

    public static RadioReport unavailable(String at, String modem, String why) {
        return new RadioReport(at, modem, null, false, List.of(), null, null, null, why);
    }

    /** Its fields as plain JSON values, for the radio event. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", at);
        fields.put("modem", modem);
        fields.put("signal", signal);
        fields.put("recent", recent);
        fields.put("access", access);
        fields.put("operator", operator);
        fields.put("operatorCode", operatorCode);
        fields.put("state", state);
        fields.put("unavailable", unavailable);
        return fields;
    }

    /** One line for logs and JMX. */
    public String summary() {
        if (unavailable != null) {
            return at + " " + modem + ": " + unavailable;
        }
        return at + " " + modem + ": signal " + (signal == null ? "unknown" : signal + " %" + (recent ? "" : " (not recent)"))
                + ", " + (access.isEmpty() ? "no access technology" : String.join("/", access)) + ", "
                + (operator == null ? "operator unknown" : operator) + (operatorCode == null ? "" : " (" + operatorCode + ")")
                + (state == null ? "" : ", " + state);
    }
}

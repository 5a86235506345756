package io.dualmodem.ops;

import io.dualmodem.radio.RadioReport;
import io.dualmodem.radio.RadioWatch;
import java.util.Optional;

/** Reads the radio watch for JMX. */
public class RadioStatus implements RadioMBean {

    public static final String OBJECT_NAME = "io.dualmodem:type=Radio";

    private final RadioWatch radio;

    public RadioStatus(RadioWatch radio) {
        this.radio = radio;
    }

    @Override
    public String getLast() {
        return radio.last().map(RadioReport::summary).orElse("none yet (recorded at each switch and every modem.radio-interval)");
    }

    @Override
    public int getSignalQuality() {
        return last().map(RadioReport::signal).orElse(-1);
    }

    @Override
    public String getAccessTechnology() {
        return last().map(r -> String.join("/", r.access())).orElse(null);
    }

    @Override
    public String getOperator() {
        return last().map(RadioReport::operator).orElse(null);
    }

    @Override
    public String getModem() {
        return last().map(RadioReport::modem).orElse(null);
    }

    @Override
    public String getUnavailable() {
        return radio.last().map(RadioReport::unavailable).orElse(null);
    }

    @Override
    public String[] getHistory() {
        return radio.history().stream().map(RadioReport::summary).toArray(String[]::new);
    }

    /** The last report that is a reading. */
    private Optional<RadioReport> last() {
        return radio.last().filter(r -> r.unavailable() == null);
    }
}

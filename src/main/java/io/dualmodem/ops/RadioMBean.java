package io.dualmodem.ops;

/** JMX view of the active modem's radio as ModemManager reports it: {@code io.dualmodem:type=Radio}. */
public interface RadioMBean {

    /** The last report in one line, or why there is none ("no ModemManager: …"). */
    String getLast();

    /** Signal quality in percent at the last report, -1 when unknown. */
    int getSignalQuality();

    String getAccessTechnology();

    String getOperator();

    /** The modem the last report was about. */
    String getModem();

    /** Why signal and carrier are not recorded, or null when they are. */
    String getUnavailable();

    /** The last reports (switches and every modem.radio-interval), oldest first. */
    String[] getHistory();
}

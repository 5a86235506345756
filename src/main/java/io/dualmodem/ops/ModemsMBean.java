package io.dualmodem.ops;

/** JMX view and control of the two modems: {@code io.dualmodem:type=Modems}. */
public interface ModemsMBean {

    String getActiveModem();

    String getPrimaryModem();

    String getLastSwitch();

    String[] getSwitchHistory();

    /** Switches to the other modem now; returns the one-line record. */
    String switchNow();

    /** Switches to modem {@code a} or {@code b}; returns the one-line record. */
    String switchTo(String modem);
}

package io.dualmodem.ops;

/** JMX view and control of the two modems: {@code io.dualmodem:type=Modems}. */
public interface ModemsMBean {

    String getActiveModem();

    String getPrimaryModem();

    String getLastSwitch();

    String[] getSwitchHistory();

    /** Why the state file could not be written (the state is kept in memory and written again), or null. */
    String getStateFileError();

    /** Switches to the modem that is not active now, after any switch under way; returns the record or why not. */
    String switchNow();

    /** Switches to modem {@code a} or {@code b}; returns the one-line record, or why it was refused. */
    String switchTo(String modem);
}

package io.dualmodem.ops;

/** JMX view and control of one board: {@code io.dualmodem:type=ModemBoard,name=a}. */
public interface ModemBoardMBean {

    String getBoard();

    boolean isStatusOn();

    String getLastStep();

    String getLastPowerSequence();

    int getFailures();

    /** Powers the active board off and on again and brings its line up; returns what happened, or why not. */
    String powerCycle();
}

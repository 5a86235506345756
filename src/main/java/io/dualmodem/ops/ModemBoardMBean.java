package io.dualmodem.ops;

/** JMX view and control of one board: {@code io.dualmodem:type=ModemBoard,name=a}. */
public interface ModemBoardMBean {

    String getBoard();

    boolean isStatusOn();

    String getLastStep();

    String getLastPowerSequence();

    int getFailures();

    /** Powers the board off and on again; returns what happened. */
    String powerCycle();
}

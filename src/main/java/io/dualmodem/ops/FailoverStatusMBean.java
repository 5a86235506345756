package io.dualmodem.ops;

/** JMX view of the failover policy and link watch: {@code io.dualmodem:type=Failover}. */
public interface FailoverStatusMBean {

    String getState();

    String getActiveModem();

    String getActiveDevice();

    int getConsecutiveFailures();

    String getFailBackAt();

    int getSwitchesLastHour();

    String getWaitingFor();

    String getLastLineCheck();

    long getProbesRun();
}

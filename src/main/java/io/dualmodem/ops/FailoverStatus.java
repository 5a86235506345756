package io.dualmodem.ops;

import io.dualmodem.failover.LinkWatch;
import java.util.Objects;

/** {@link FailoverStatusMBean} over the link watch and its policy. */
public class FailoverStatus implements FailoverStatusMBean {

    public static final String OBJECT_NAME = "io.dualmodem:type=Failover";

    private final LinkWatch watch;

    public FailoverStatus(LinkWatch watch) {
        this.watch = watch;
    }

    @Override
    public String getState() {
        return watch.policy().state().name();
    }

    @Override
    public String getActiveModem() {
        return watch.policy().active();
    }

    @Override
    public String getActiveDevice() {
        return watch.activeDevice();
    }

    @Override
    public int getConsecutiveFailures() {
        return watch.policy().failures();
    }

    @Override
    public String getFailBackAt() {
        return Objects.toString(watch.policy().failbackAt(), null);
    }

    @Override
    public int getSwitchesLastHour() {
        return watch.policy().switchesLastHour();
    }

    @Override
    public String getWaitingFor() {
        return watch.policy().waitingFor();
    }

    @Override
    public String getLastLineCheck() {
        return watch.lastVerdict();
    }

    @Override
    public long getProbesRun() {
        return watch.probesRun();
    }
}

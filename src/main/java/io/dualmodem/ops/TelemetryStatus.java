package io.dualmodem.ops;

import io.dualmodem.failover.ModemControl;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.sensor.Sampler;
import io.dualmodem.uplink.Fault;
import io.dualmodem.uplink.Uploader;
import java.util.Objects;

/** Reads the state of sampler, outbox and uploader for JMX. */
public class TelemetryStatus implements TelemetryStatusMBean {

    public static final String OBJECT_NAME = "io.dualmodem:type=Telemetry";

    private final boolean simulated;
    private final Sampler sampler;
    private final Outbox outbox;
    private final Uploader uploader;
    private final ModemControl modems;
    private final java.util.function.Supplier<String> operationsServer;

    public TelemetryStatus(boolean simulated, Sampler sampler, Outbox outbox, Uploader uploader, ModemControl modems,
                           java.util.function.Supplier<String> operationsServer) {
        this.modems = modems;
        this.operationsServer = operationsServer;
        this.simulated = simulated;
        this.sampler = sampler;
        this.outbox = outbox;
        this.uploader = uploader;
    }

    @Override
    public boolean isSimulated() {
        return simulated;
    }

    @Override
    public String getModemControl() {
        return describe(modems);
    }

    /** "on", "off: why" or "unavailable: why", for JMX and health. */
    static String describe(ModemControl modems) {
        if (modems instanceof ModemControl.Off off) {
            return "off: " + off.reason();
        }
        String unavailable = ((ModemControlRunner) modems).unavailable();
        return unavailable == null ? "on" : "unavailable: " + unavailable;
    }

    @Override
    public long getOutboxDepth() {
        return outbox.depth();
    }

    @Override
    public long getOutboxCapacity() {
        return outbox.capacity();
    }

    @Override
    public long getDroppedReadings() {
        return outbox.dropped();
    }

    @Override
    public long getQuarantinedReadings() {
        return outbox.quarantined();
    }

    @Override
    public long getUnstoredReadings() {
        return outbox.unstored();
    }

    @Override
    public long getUnreadableReadings() {
        return outbox.unreadable();
    }

    @Override
    public String getOutboxFault() {
        return outbox.fault();
    }

    @Override
    public long getQuarantineCapacity() {
        return uploader.quarantineCapacity();
    }

    @Override
    public long getQuarantineDroppedReadings() {
        return outbox.quarantineDropped();
    }

    @Override
    public long getSensorErrors() {
        return sampler.errorCount();
    }

    @Override
    public String getLastSensorError() {
        return sampler.lastError();
    }

    @Override
    public long getUploadedReadings() {
        return uploader.uploadedCount();
    }

    @Override
    public long getLinkFaults() {
        return uploader.faultCount(Fault.LINK);
    }

    @Override
    public long getServerFaults() {
        return uploader.faultCount(Fault.SERVER);
    }

    @Override
    public long getRejectedUploads() {
        return uploader.faultCount(Fault.REJECTED);
    }

    @Override
    public long getMisconfiguredUploads() {
        return uploader.faultCount(Fault.MISCONFIGURED);
    }

    @Override
    public String getUplinkAlarm() {
        return uploader.alarm();
    }

    @Override
    public String getLastUploadOutcome() {
        return Objects.toString(uploader.lastOutcome(), null);
    }

    @Override
    public String getLastAccepted() {
        return Objects.toString(uploader.lastAccepted(), null);
    }

    @Override
    public String getOperationsServer() {
        return operationsServer.get();
    }

    @Override
    public String requeueQuarantined() {
        return uploader.requeueQuarantined();
    }
}

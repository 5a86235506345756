package io.dualmodem.ops;

/** JMX view of the reading path: {@code io.dualmodem:type=Telemetry}. */
public interface TelemetryStatusMBean {

    boolean isSimulated();

    long getOutboxDepth();

    long getOutboxCapacity();

    long getDroppedReadings();

    long getQuarantinedReadings();

    long getQuarantineCapacity();

    /** Quarantined readings dropped, oldest first, to keep the quarantine within its capacity. */
    long getQuarantineDroppedReadings();

    long getSensorErrors();

    String getLastSensorError();

    long getUploadedReadings();

    long getLinkFaults();

    long getServerFaults();

    long getRejectedUploads();

    long getMisconfiguredUploads();

    /** Why the server refuses us and what to check, or null: raised on 401, 403, 404, … until an upload is accepted. */
    String getUplinkAlarm();

    String getLastUploadOutcome();

    String getLastAccepted();

    /** Moves every quarantined reading the queue has room for back into it, with its id; says how many. */
    String requeueQuarantined();
}

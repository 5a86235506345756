package io.dualmodem.ops;

/** JMX view of the reading path: {@code io.dualmodem:type=Telemetry}. */
public interface TelemetryStatusMBean {

    boolean isSimulated();

    /** Whether the modems are controlled: "on", "off: why" or "unavailable: why" (tried again every few minutes). */
    String getModemControl();

    long getOutboxDepth();

    long getOutboxCapacity();

    long getDroppedReadings();

    long getQuarantinedReadings();

    /** Readings sampled while the outbox could not write its file (a full disk), and so lost. */
    long getUnstoredReadings();

    /** Readings lost to pages of the outbox file that no longer read. */
    long getUnreadableReadings();

    /** Why the outbox cannot store readings now, or null when it can. */
    String getOutboxFault();

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

    /** Where the status page, /health and Jolokia are served ("http://127.0.0.1:8778/"), "off", or why not listening. */
    String getOperationsServer();

    /** Moves every quarantined reading the queue has room for back into it, with its id; says how many. */
    String requeueQuarantined();
}

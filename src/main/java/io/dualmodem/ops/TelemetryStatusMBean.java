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

    long getSensorErrors();

    String getLastSensorError();

    long getUploadedReadings();

    long getLinkFaults();

    long getServerFaults();

    long getRejectedUploads();

    String getLastUploadOutcome();

    String getLastAccepted();
}

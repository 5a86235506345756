package io.dualmodem;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every tunable of the application, read once at start-up and validated, so that a bad value
 * stops start-up with one message naming the key and the value instead of failing later.
 */
public record Settings(
        String deviceId,
        HardwareMode hardwareMode,
        String sensorType,
        Duration sensorInterval,
        int i2cBus,
        int i2cAddress,
        Path hwmonFile,
        Path outboxPath,
        long outboxCapacity,
        URI uplinkUrl,
        int batchSize,
        Duration pollInterval,
        Duration retryInitial,
        Duration retryMax,
        Duration connectTimeout,
        Duration responseTimeout,
        int demoReceiverPort,
        int breakerWindow,
        int breakerMinCalls,
        int breakerFailureRate,
        int breakerOpenSeconds,
        boolean demoFailover,
        Duration demoCutAfter,
        Duration demoRestoreAfter,
        Duration demoHoldDown,
        Duration healthStaleAfter) {

    /** Our own key prefixes: a key under one of these that we do not know is a typo. */
    static final List<String> PREFIXES = List.of("device.", "hardware.", "sensor.", "outbox.", "uplink.", "demo.", "ops.");
    static final Set<String> KEYS = Set.of("device.id", "hardware.mode", "sensor.type", "sensor.interval",
            "sensor.i2c-bus", "sensor.i2c-address", "sensor.hwmon-file", "outbox.path", "outbox.capacity",
            "uplink.url", "uplink.batch-size", "uplink.poll-interval", "uplink.retry-initial", "uplink.retry-max",
            "uplink.connect-timeout", "uplink.response-timeout", "demo.receiver-port", "uplink.breaker-window",
            "uplink.breaker-min-calls", "uplink.breaker-failure-rate", "uplink.breaker-open-seconds", "demo.failover",
            "demo.cut-primary-after", "demo.restore-primary-after", "demo.hold-down", "ops.health-stale-after");

    /**
     * Reads and checks every setting.
     *
     * @param lookup the resolved value of a key, if set
     * @param allKeys every key that is set, to catch misspelled ones
     * @throws SettingsException naming the first bad key and its value
     */
    public static Settings load(Function<String, Optional<String>> lookup, Set<String> allKeys, String hostname) {
        SettingsReader r = new SettingsReader(lookup);
        r.rejectUnknown(allKeys, PREFIXES, KEYS);
        String device = r.string("device.id", "");
        if (device.isBlank()) {
            device = hostname;
        } else if (!device.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new SettingsException("device.id", device, "1 to 64 letters, digits, '.', '_' or '-'");
        }
        return new Settings(
                device,
                r.oneOf("hardware.mode", "auto", HardwareMode.class),
                r.choice("sensor.type", "adt7410", "adt7410", "hwmon"),
                r.duration("sensor.interval", "30s", Duration.ofMillis(10)),
                r.integer("sensor.i2c-bus", "1", 0, 255),
                r.integer("sensor.i2c-address", "0x48", 0x08, 0x77),
                Path.of(r.string("sensor.hwmon-file", "/sys/class/hwmon/hwmon0/temp1_input")),
                r.path("outbox.path", "data/outbox.db"),
                r.integer("outbox.capacity", "100000", 10, 100_000_000),
                r.url("uplink.url", "http://127.0.0.1:8787/readings"),
                r.integer("uplink.batch-size", "50", 1, 1000),
                r.duration("uplink.poll-interval", "2s", Duration.ofMillis(10)),
                r.duration("uplink.retry-initial", "5s", Duration.ofMillis(10)),
                r.duration("uplink.retry-max", "5m", Duration.ofMillis(10)),
                r.duration("uplink.connect-timeout", "20s", Duration.ofMillis(100)),
                r.duration("uplink.response-timeout", "30s", Duration.ofMillis(100)),
                r.integer("demo.receiver-port", "8787", 1, 65535),
                r.integer("uplink.breaker-window", "6", 1, 1000),
                r.integer("uplink.breaker-min-calls", "3", 1, 1000),
                r.integer("uplink.breaker-failure-rate", "50", 1, 100),
                r.integer("uplink.breaker-open-seconds", "30", 1, 86400),
                Boolean.parseBoolean(r.choice("demo.failover", "true", "true", "false")),
                r.duration("demo.cut-primary-after", "60s", Duration.ofSeconds(1)),
                r.duration("demo.restore-primary-after", "120s", Duration.ofSeconds(1)),
                r.duration("demo.hold-down", "90s", Duration.ofSeconds(1)),
                r.duration("ops.health-stale-after", "15m", Duration.ofSeconds(1)));
    }

}

package io.dualmodem;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        int demoReceiverPort) {

    /** Our own key prefixes: a key under one of these that we do not know is a typo. */
    static final List<String> PREFIXES = List.of("device.", "hardware.", "sensor.", "outbox.", "uplink.", "demo.");
    static final Set<String> KEYS = Set.of("device.id", "hardware.mode", "sensor.type", "sensor.interval",
            "sensor.i2c-bus", "sensor.i2c-address", "sensor.hwmon-file", "outbox.path", "outbox.capacity",
            "uplink.url", "uplink.batch-size", "uplink.poll-interval", "uplink.retry-initial", "uplink.retry-max",
            "uplink.connect-timeout", "uplink.response-timeout", "demo.receiver-port");

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    /**
     * Reads and checks every setting.
     *
     * @param lookup the resolved value of a key, if set
     * @param allKeys every key that is set, to catch misspelled ones
     * @throws SettingsException naming the first bad key and its value
     */
    public static Settings load(Function<String, Optional<String>> lookup, Set<String> allKeys, String hostname) {
        for (String key : allKeys.stream().sorted(Comparator.naturalOrder()).toList()) {
            if (PREFIXES.stream().anyMatch(key::startsWith) && !KEYS.contains(key)) {
                throw new SettingsException("Unknown setting " + key + " (known: " + String.join(", ",
                        KEYS.stream().sorted().toList()) + ")");
            }
        }
        Reader r = new Reader(lookup);
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
                r.integer("demo.receiver-port", "8787", 1, 65535));
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or plain milliseconds — the forms Camel's timer takes. */
    public static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return Optional.of(switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        });
    }

    private record Reader(Function<String, Optional<String>> lookup) {

        String string(String key, String fallback) {
            return lookup.apply(key).map(String::trim).orElse(fallback);
        }

        int integer(String key, String fallback, long min, long max) {
            String value = string(key, fallback);
            long n;
            try {
                n = value.toLowerCase(Locale.ROOT).startsWith("0x") ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new SettingsException(key, value, "expected a whole number from " + min + " to " + max);
            }
            if (n < min || n > max) {
                throw new SettingsException(key, value, "expected a whole number from " + min + " to " + max);
            }
            return (int) n;
        }

        Duration duration(String key, String fallback, Duration min) {
            String value = string(key, fallback);
            Duration d = parseDuration(value).orElseThrow(() -> new SettingsException(key, value,
                    "expected a positive duration such as 500ms, 30s, 5m or 1h"));
            if (d.compareTo(min) < 0) {
                throw new SettingsException(key, value, "must be at least " + min.toMillis() + "ms");
            }
            return d;
        }

        String choice(String key, String fallback, String... allowed) {
            String value = string(key, fallback);
            if (!List.of(allowed).contains(value)) {
                throw new SettingsException(key, value, "expected one of " + String.join(", ", allowed));
            }
            return value;
        }

        <E extends Enum<E>> E oneOf(String key, String fallback, Class<E> type) {
            String value = string(key, fallback);
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value)) {
                    return e;
                }
            }
            throw new SettingsException(key, value, "expected one of " + String.join(", ",
                    java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
        }

        URI url(String key, String fallback) {
            String value = string(key, fallback);
            try {
                URI uri = new URI(value);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new SettingsException(key, value, "expected an http:// or https:// URL with a host");
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw new SettingsException(key, value, "not a URL: " + e.getReason());
            }
        }

        Path path(String key, String fallback) {
            String value = string(key, fallback);
            try {
                return Path.of(value);
            } catch (java.nio.file.InvalidPathException e) {
                throw new SettingsException(key, value, "not a file path: " + e.getReason());
            }
        }
    }
}

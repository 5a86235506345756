package io.dualmodem.modem;

import io.dualmodem.SettingsException;
import io.dualmodem.SettingsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the two modems, validated at start-up: pins (defaults 17/22/27 and 12/13/6, or the
 * vendor's {@code /etc/default/3gpi-utils} for the first board), NetworkManager profiles, which is
 * primary, and the bounds of power sequences and nmcli calls.
 */
public record ModemSettings(
        boolean enabled,
        String network,
        String primary,
        List<Board> boards,
        PowerTiming timing,
        String nmcliPath,
        Duration nmcliTimeout,
        Duration activationTimeout,
        Duration deviceTimeout,
        Path stateFile,
        Duration simulatedBootDelay) {

    /** One board's settings. */
    public record Board(String id, String name, int powerPin, int statusPin, int resetPin, ProfileSpec profile, String simFault) {
    }

    public static final List<String> PREFIXES = List.of("modem.");
    private static final List<String> BOARD_KEYS = List.of("name", "power-pin", "status-pin", "reset-pin", "profile",
            "profile-type", "ifname", "apn", "user", "password", "sim-operator-id", "sim-id", "settings", "sim-fault");
    private static final List<String> GLOBAL_KEYS = List.of("modem.enabled", "modem.network", "modem.primary", "modem.vendor-config",
            "modem.power-pulse", "modem.status-poll", "modem.status-timeout", "modem.power-attempts", "modem.power-backoff",
            "modem.reset-pulse", "modem.nmcli", "modem.nmcli-timeout", "modem.activation-timeout", "modem.device-timeout",
            "modem.state-file", "modem.sim-boot-delay");
    /** The shortest pulse the module registers (SIM5320 PWRKEY). */
    private static final Duration MIN_PULSE = Duration.ofMillis(500);
    /** BCM 2 and 3 are the I2C bus the sensor is on. */
    private static final Set<Integer> RESERVED_PINS = Set.of(2, 3);

    public static Set<String> keys() {
        Set<String> keys = new HashSet<>(GLOBAL_KEYS);
        for (String id : List.of("a", "b")) {
            BOARD_KEYS.forEach(k -> keys.add("modem." + id + "." + k));
        }
        return keys;
    }

    public static ModemSettings load(SettingsReader r, Set<String> presentKeys) {
        r.rejectUnknown(presentKeys, PREFIXES, keys());
        Map<String, String> vendor = readVendorConfig(Path.of(r.string("modem.vendor-config", "/etc/default/3gpi-utils")));
        List<Board> boards = List.of(
                board(r, "a", "3gpi-1", vendor.getOrDefault("POWER_PIN", "17"), vendor.getOrDefault("STATUS_PIN", "22"),
                        vendor.getOrDefault("RESET_PIN", "27"), "gsm-3gpi-soracom", "soracom.io", "sora", "sora", "44010"),
                board(r, "b", "3gpi-2", "12", "13", "6", "gsm-3gpi-softbank", "", "", "", "44020"));
        checkPins(boards);
        if (boards.get(0).profile().name().equals(boards.get(1).profile().name())) {
            throw new SettingsException("modem.b.profile", boards.get(1).profile().name(), "the two modems need different profiles");
        }
        return new ModemSettings(
                Boolean.parseBoolean(r.choice("modem.enabled", "true", "true", "false")),
                r.choice("modem.network", "auto", "auto", "nmcli", "simulated"),
                r.choice("modem.primary", "a", "a", "b"),
                boards,
                new PowerTiming(
                        r.duration("modem.power-pulse", "3s", MIN_PULSE),
                        r.duration("modem.status-poll", "1s", Duration.ofMillis(10)),
                        r.duration("modem.status-timeout", "10s", Duration.ofMillis(10)),
                        r.integer("modem.power-attempts", "3", 1, 10),
                        r.duration("modem.power-backoff", "5s", Duration.ofMillis(0)),
                        r.duration("modem.reset-pulse", "1s", MIN_PULSE)),
                r.string("modem.nmcli", "/usr/bin/nmcli"),
                r.duration("modem.nmcli-timeout", "15s", Duration.ofSeconds(1)),
                r.duration("modem.activation-timeout", "90s", Duration.ofSeconds(1)),
                r.duration("modem.device-timeout", "60s", Duration.ofSeconds(1)),
                r.path("modem.state-file", "data/modem-state.json"),
                r.duration("modem.sim-boot-delay", "8s", Duration.ZERO));
    }

    private static Board board(SettingsReader r, String id, String name, String power, String status, String reset,
                               String profile, String apn, String user, String password, String operator) {
        String p = "modem." + id + ".";
        String type = r.string(p + "profile-type", "gsm");
        if (!type.matches("[a-z0-9-]+")) {
            throw new SettingsException(p + "profile-type", type, "a NetworkManager connection type such as gsm");
        }
        List<String> settings = new ArrayList<>();
        addIfSet(settings, "gsm.apn", r.string(p + "apn", apn), type);
        addIfSet(settings, "gsm.username", r.string(p + "user", user), type);
        addIfSet(settings, "gsm.sim-operator-id", r.string(p + "sim-operator-id", operator), type);
        addIfSet(settings, "gsm.sim-id", r.string(p + "sim-id", ""), type);
        String extra = r.string(p + "settings", "").trim();
        if (!extra.isEmpty()) {
            List<String> pairs = Arrays.asList(extra.split("\\s+"));
            if (pairs.size() % 2 != 0) {
                throw new SettingsException(p + "settings", extra, "nmcli property/value pairs separated by spaces");
            }
            settings.addAll(pairs);
        }
        String secret = r.string(p + "password", "gsm".equals(type) ? password : "");
        return new Board(id, r.string(p + "name", name),
                r.integer(p + "power-pin", power, 0, 27), r.integer(p + "status-pin", status, 0, 27),
                r.integer(p + "reset-pin", reset, 0, 27),
                new ProfileSpec(r.string(p + "profile", profile), type, r.string(p + "ifname", "*"), settings,
                        "gsm.password", secret),
                r.choice(p + "sim-fault", "none", "none", "stuck-off", "slow-boot", "status-stuck"));
    }

    private static void addIfSet(List<String> settings, String property, String value, String type) {
        if (!value.isEmpty() && "gsm".equals(type)) {
            settings.add(property);
            settings.add(value);
        }
    }

    private static void checkPins(List<Board> boards) {
        Map<Integer, String> used = new LinkedHashMap<>();
        for (Board b : boards) {
            Map<String, Integer> pins = new LinkedHashMap<>();
            pins.put("power-pin", b.powerPin());
            pins.put("status-pin", b.statusPin());
            pins.put("reset-pin", b.resetPin());
            for (Map.Entry<String, Integer> pin : pins.entrySet()) {
                String key = "modem." + b.id() + "." + pin.getKey();
                if (RESERVED_PINS.contains(pin.getValue())) {
                    throw new SettingsException(key, pin.getValue().toString(), "BCM 2 and 3 are the sensor's I2C bus");
                }
                String other = used.putIfAbsent(pin.getValue(), key);
                if (other != null) {
                    throw new SettingsException(key, pin.getValue().toString(), "GPIO " + pin.getValue() + " is already " + other);
                }
            }
        }
    }

    /** Reads {@code KEY=value} lines of the vendor's shell-style config; a missing file is no error. */
    static Map<String, String> readVendorConfig(Path file) {
        Map<String, String> values = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String t = line.trim();
                int eq = t.indexOf('=');
                if (t.startsWith("#") || eq < 1) {
                    continue;
                }
                values.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim().replaceAll("^[\"']|[\"']$", ""));
            }
        } catch (IOException e) {
            throw new SettingsException("Cannot read the vendor config " + file + ": " + e.getMessage());
        }
        values.values().removeIf(String::isEmpty);
        return values;
    }
}

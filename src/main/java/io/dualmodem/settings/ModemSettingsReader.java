package io.dualmodem.settings;

import io.dualmodem.modem.BoardConfig;
import io.dualmodem.modem.ModemSettings;
import io.dualmodem.modem.PowerTiming;
import io.dualmodem.modem.ProfileSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the modems' settings ({@code modem.*}): pins, NetworkManager profiles, which is primary, and
 * the bounds of power sequences and nmcli calls. Board a's pins come from the vendor's
 * {@code /etc/default/3gpi-utils} unless set in the properties: the user's value, then the
 * vendor's, then the packaged default.
 */
final class ModemSettingsReader {

    /** The shortest pulse the module registers (SIM5320 PWRKEY). */
    private static final Duration MIN_PULSE = Duration.ofMillis(500);
    /** BCM 2 and 3 are the I2C bus the sensor is on. */
    private static final Set<Integer> RESERVED_PINS = Set.of(2, 3);
    private static final Map<String, String> VENDOR_KEYS = Map.of("power-pin", "POWER_PIN", "status-pin", "STATUS_PIN",
            "reset-pin", "RESET_PIN");

    private ModemSettingsReader() {
    }

    static ModemSettings load(SettingsReader r) {
        Map<String, String> vendor = readVendorConfig(r.path("modem.vendor-config"));
        List<BoardConfig> boards = List.of(board(r, "a", vendor), board(r, "b", Map.of()));
        checkPins(boards);
        if (boards.get(0).profile().name().equals(boards.get(1).profile().name())) {
            throw new SettingsException("modem.b.profile", boards.get(1).profile().name(), "the two modems need different profiles");
        }
        return new ModemSettings(
                r.bool("modem.enabled"),
                r.choice("modem.network", "auto", "nmcli", "simulated"),
                r.choice("modem.primary", "a", "b"),
                boards,
                new PowerTiming(
                        r.duration("modem.power-pulse", MIN_PULSE),
                        r.duration("modem.status-poll", Duration.ofMillis(10)),
                        r.duration("modem.status-timeout", Duration.ofMillis(10)),
                        r.integer("modem.power-attempts", 1, 10),
                        r.duration("modem.power-backoff", Duration.ZERO),
                        r.duration("modem.reset-pulse", MIN_PULSE)),
                r.program("modem.nmcli"),
                r.duration("modem.nmcli-timeout", Duration.ofSeconds(1)),
                r.duration("modem.activation-timeout", Duration.ofSeconds(1)),
                r.duration("modem.device-timeout", Duration.ofSeconds(1)),
                r.file("modem.state-file"),
                r.duration("modem.retry-unavailable", Duration.ofSeconds(1)));
    }

    private static BoardConfig board(SettingsReader r, String id, Map<String, String> vendor) {
        String p = "modem." + id + ".";
        String type = r.string(p + "profile-type");
        if (!type.matches("[a-z0-9-]+")) {
            throw new SettingsException(p + "profile-type", type, "a NetworkManager connection type such as gsm");
        }
        List<String> settings = new ArrayList<>();
        addIfSet(settings, "gsm.apn", r.string(p + "apn"), type);
        addIfSet(settings, "gsm.username", r.string(p + "user"), type);
        addIfSet(settings, "gsm.sim-operator-id", r.string(p + "sim-operator-id"), type);
        addIfSet(settings, "gsm.sim-id", r.string(p + "sim-id"), type);
        String extra = r.string(p + "settings");
        if (!extra.isEmpty()) {
            List<String> pairs = Arrays.asList(extra.split("\\s+"));
            if (pairs.size() % 2 != 0) {
                throw new SettingsException(p + "settings", ProfileSpec.shown(pairs), "nmcli property/value pairs separated by spaces");
            }
            settings.addAll(pairs);
        }
        String password = r.string(p + "password");
        String secret = "gsm".equals(type) ? password : "";
        return new BoardConfig(id, r.string(p + "name"), pin(r, p + "power-pin", vendor), pin(r, p + "status-pin", vendor),
                pin(r, p + "reset-pin", vendor),
                new ProfileSpec(r.string(p + "profile"), type, r.string(p + "ifname"), settings, "gsm.password", secret));
    }

    private static int pin(SettingsReader r, String key, Map<String, String> vendor) {
        String vendorValue = vendor.get(VENDOR_KEYS.get(key.substring(key.lastIndexOf('.') + 1)));
        if (vendorValue != null && r.isPackagedDefault(key)) {
            return SettingsReader.parseInteger(key + " (from the vendor config)", vendorValue, 0, 27);
        }
        return r.integer(key, 0, 27);
    }

    private static void addIfSet(List<String> settings, String property, String value, String type) {
        if (!value.isEmpty() && "gsm".equals(type)) {
            settings.add(property);
            settings.add(value);
        }
    }

    private static void checkPins(List<BoardConfig> boards) {
        Map<Integer, String> used = new LinkedHashMap<>();
        for (BoardConfig b : boards) {
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

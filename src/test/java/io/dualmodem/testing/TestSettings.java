package io.dualmodem.testing;

import io.dualmodem.failover.PolicySettings;
import io.dualmodem.modem.PowerTiming;
import io.dualmodem.settings.Settings;
import io.dualmodem.settings.SettingsReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Settings as the application reads them: the packaged application.properties, with a test's values over it. */
public final class TestSettings {

    private TestSettings() {
    }

    public static SettingsReader reader(Map<String, String> overrides) {
        Map<String, String> packaged = packaged();
        return new SettingsReader(key -> overrides.containsKey(key)
                ? Optional.of(new SettingsReader.Found(overrides.get(key), false))
                : Optional.ofNullable(packaged.get(key)).map(v -> new SettingsReader.Found(v, true)));
    }

    /** Loads every setting; the vendor config is looked for where there is none unless the test names one. */
    public static Settings load(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(overrides);
        values.putIfAbsent("modem.vendor-config", "/nonexistent/3gpi-utils");
        return Settings.load(reader(values), "host-1");
    }

    /** The packaged failover thresholds. */
    public static PolicySettings policy() {
        return load(Map.of()).link().policy();
    }

    /** The packaged power sequence bounds: the vendor tool's. */
    public static PowerTiming vendorTiming() {
        return load(Map.of()).modem().timing();
    }

    private static Map<String, String> packaged() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(System.getProperty("user.dir"), "application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }
}

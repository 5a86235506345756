package io.dualmodem.settings;

import io.dualmodem.modem.ProfileSpec;
import io.dualmodem.uplink.UplinkTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertiesLookupListener;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesFunction;

/**
 * Settings as Camel resolves them (properties next to the jar, {@code -D}, environment, the packaged
 * file). Every key looked up — by Java or by a route's {@code {{placeholder}}} — is noted, and once
 * the routes are built a key that is set under one of our prefixes but was read by nothing stops
 * start-up. Our prefixes are the first parts of the packaged file's keys ({@code sensor.},
 * {@code modem.}, …), so no list of keys is kept by hand.
 */
public final class CamelSettings {

    private static final String PACKAGED = "application.properties";
    private static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    private CamelSettings() {
    }

    public static SettingsReader reader(CamelContext camel) throws Exception {
        PropertiesComponent properties = camel.getPropertiesComponent();
        showSecretsRedacted(properties);
        Map<String, String> sources = new ConcurrentHashMap<>();
        SettingsReader reader = new SettingsReader(key -> {
            Optional<String> value = properties.resolveProperty(key);
            return value.map(v -> new SettingsReader.Found(v, sources.getOrDefault(key, "").equals("classpath:" + PACKAGED)));
        });
        properties.addPropertiesFunction(function("duration", reader,
                key -> Long.toString(reader.duration(key, MIN_INTERVAL).toMillis())));
        // the shipped routes no longer use these; a route edited in /etc before an upgrade, and kept by it, may
        properties.addPropertiesFunction(function("count", reader, key -> Integer.toString(reader.integer(key, 1, 1_000_000))));
        properties.addPropertiesFunction(function("percent", reader, key -> Integer.toString(reader.integer(key, 1, 100))));
        properties.addPropertiesLookupListener((name, value, defaultValue, source) -> {
            reader.noteRead(name);
            if (source != null) {
                sources.put(name, source);
            }
        });
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                Set<String> present = new HashSet<>(properties.loadPropertiesAsMap().keySet());
                present.addAll(System.getProperties().stringPropertyNames());
                reader.rejectUnread(present, ourPrefixes());
            }
        });
        return reader;
    }

    /**
     * A placeholder function for the routes, {@code {{duration:sensor.interval}}}: the route is the
     * only reader of such a key, and a bad value still stops start-up naming the key.
     */
    private static PropertiesFunction function(String name, SettingsReader reader, Function<String, String> read) {
        return new PropertiesFunction() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public String apply(String key) {
                if (!reader.has(key)) {
                    throw new SettingsException("A route's placeholder {{" + name + ":" + key + "}} names no setting"
                            + " (misspelled? the settings are in the packaged application.properties)");
                }
                return read.apply(key);
            }
        };
    }

    /**
     * Camel's start-up "Property-placeholders summary" lists every setting read, with its value, and masks only keys
     * that look like passwords; the uplink's URLs and headers, and a modem's nmcli settings, carry credentials and
     * tokens under other names. The listeners that collect the summary (Camel's, added before the configuration runs)
     * see them redacted instead.
     */
    private static void showSecretsRedacted(PropertiesComponent properties) {
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent pc) {
            for (PropertiesLookupListener listener : List.copyOf(pc.getPropertiesLookupListeners())) {
                pc.removePropertiesLookupListener(listener);
                pc.addPropertiesLookupListener((name, value, defaultValue, source) ->
                        listener.onLookup(name, shown(name, value), shown(name, defaultValue), source));
            }
        }
    }

    /** A setting's value as logs and summaries may show it. */
    static String shown(String key, String value) {
        if (value == null) {
            return null;
        }
        return switch (key) {
            case "uplink.url", "uplink.status-url" -> UplinkTarget.shown(value);
            case "uplink.headers" -> UplinkTarget.shownHeaders(value);
            case "modem.a.settings", "modem.b.settings" -> ProfileSpec.shown(List.of(value.trim().split("\\s+")));
            default -> value;
        };
    }

    private static Set<String> ourPrefixes() {
        Properties packaged = new Properties();
        try (InputStream in = CamelSettings.class.getClassLoader().getResourceAsStream(PACKAGED)) {
            packaged.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packaged.stringPropertyNames().stream().map(k -> k.substring(0, k.indexOf('.') + 1))
                .filter(p -> !p.equals("camel.")).collect(Collectors.toSet());
    }
}

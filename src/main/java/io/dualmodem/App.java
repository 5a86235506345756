package io.dualmodem;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.settings.SettingsException;
import org.apache.camel.main.Main;

/**
 * Starts the telemetry application: Camel Main with the YAML routes and {@code application.properties}.
 *
 * <p>Files next to the jar win over the packaged ones: {@code application.properties} there
 * overrides the packaged settings key by key, and each {@code routes/NAME.camel.yaml} there
 * replaces the packaged route file of the same name (other files there are added). So a user on
 * the Pi edits YAML or properties and restarts, without rebuilding. The JVM property
 * {@value #CONFIG_DIR} names another folder for those files (the Debian package's
 * {@code /etc/dual-modem-telemetry}); it is not a setting, since it says where the settings are.
 */
public final class App {

    static final String CONFIG_DIR = "dual-modem-telemetry.config-dir";
    static final List<String> PACKAGED_ROUTES = List.of("sample.camel.yaml", "upload.camel.yaml", "link-watch.camel.yaml",
            "modems.camel.yaml", "data-use.camel.yaml", "radio.camel.yaml", "events.camel.yaml");

    private App() {
    }

    public static void main(String[] args) throws Exception {
        int status;
        try {
            LoadAhead.start("sqlite", Outbox::loadDriver);
            // its first making loads the JDK's management classes and registers the JVM's own MBeans; the first
            // JmxBeans and Camel's JMX agent find it made
            LoadAhead.start("jmx", ManagementFactory::getPlatformMBeanServer);
            Path home = userFiles(System.getProperty(CONFIG_DIR));
            // the composition root is named, not found by scanning: Camel's scan of io.dualmodem reads the whole jar and
            // loads every class of the package at start-up (seconds on a Pi, metaspace for classes never used)
            Main main = new Main();
            main.configure().addConfiguration(Composition.class);
            main.setPropertyPlaceholderLocations(propertyLocations(home));
            main.configure().setRoutesIncludePattern(routesPattern(home));
            status = main.run(args);
        } catch (Exception e) {
            System.err.println("dual-modem-telemetry did not start: " + describe(e));
            status = 1;
        }
        System.exit(status);
    }

    /** The message a user needs: the innermost cause that says what is wrong, without a stack trace. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof SettingsException)) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        return t instanceof SettingsException || e == t ? message : e.getMessage() + System.lineSeparator() + "  caused by: " + message;
    }

    static String propertyLocations(Path home) {
        return home == null ? "classpath:application.properties"
                : "file:" + home.resolve("application.properties") + ";optional=true,classpath:application.properties";
    }

    static String routesPattern(Path home) throws IOException {
        List<String> locations = new ArrayList<>();
        List<String> external = new ArrayList<>();
        Path dir = home == null ? null : home.resolve("routes");
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted()
                        .forEach(f -> external.add(f.getFileName().toString()));
            }
        }
        for (String name : PACKAGED_ROUTES) {
            if (!external.contains(name)) {
                locations.add("classpath:routes/" + name);
            }
        }
        for (String name : external) {
            locations.add("file:" + dir.resolve(name));
        }
        return String.join(",", locations);
    }

    /** The folder of the user's own files: the one {@value #CONFIG_DIR} names, else the jar's. */
    static Path userFiles(String configDir) {
        if (configDir == null) {
            return jarDirectory();
        }
        Path dir = Path.of(configDir).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new SettingsException("-D" + CONFIG_DIR, configDir, "no such folder");
        }
        return dir;
    }

    /** The folder holding the running jar, or null when not run from a jar (tests, IDE). */
    static Path jarDirectory() {
        try {
            Path code = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(code) ? code.toAbsolutePath().getParent() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}

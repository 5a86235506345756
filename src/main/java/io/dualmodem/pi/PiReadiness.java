package io.dualmodem.pi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Raspberry Pi needs before this application can drive it, checked once at start-up in pi mode
 * and printed one line per fact: the same five facts as the README's "Is this Pi ready?" commands (I2C
 * enabled, the sensor answering, the user's groups, the GPIO chip's label, {@code java.io.tmpdir} not
 * {@code noexec}). A fact that is not right is a WARN line naming the fix; nothing here stops start-up.
 */
public final class PiReadiness {

    private static final Logger LOG = LoggerFactory.getLogger(PiReadiness.class);

    /** One checked fact: whether it is right, and what to print. */
    public record Fact(boolean ok, String text) {
    }

    private final Path root;
    private final Path tmpdir;

    /**
     * @param root   where the system's files are ({@code /}; a folder in tests)
     * @param tmpdir {@code java.io.tmpdir}
     */
    public PiReadiness(Path root, Path tmpdir) {
        this.root = root;
        this.tmpdir = tmpdir;
    }

    /**
     * The five facts.
     *
     * @param sensor the sensor's fact (see {@link #chipAnswers}); asked only when the bus is there
     */
    public List<Fact> check(int bus, Supplier<Fact> sensor) {
        List<Fact> facts = new ArrayList<>();
        Fact i2c = guarded(() -> i2cBus(bus));
        facts.add(i2c);
        facts.add(i2c.ok() ? guarded(sensor::get) : new Fact(false, "sensor not looked for: I2C bus " + bus + " is not usable"));
        facts.add(guarded(this::groups));
        facts.add(guarded(this::gpioChips));
        facts.add(guarded(this::tmpdir));
        return facts;
    }

    /** Checks and logs: INFO for what is right, WARN with the fix for what is not. */
    public void log(int bus, Supplier<Fact> sensor) {
        for (Fact f : check(bus, sensor)) {
            if (f.ok()) {
                LOG.info("Pi check: {}", f.text());
            } else {
                LOG.warn("Pi check: {}", f.text());
            }
        }
    }

    private interface FactSource {
        Fact get() throws IOException;
    }

    private static Fact guarded(FactSource source) {
        try {
            return source.get();
        } catch (IOException | RuntimeException e) {
            return new Fact(false, "could not be checked: " + e);
        }
    }

    private Fact i2cBus(int bus) {
        Path dev = root.resolve("dev/i2c-" + bus);
        if (!Files.exists(dev)) {
            return new Fact(false, "no /dev/i2c-" + bus + ": I2C is not enabled — `sudo raspi-config nonint do_i2c 0` "
                    + "(or dtparam=i2c_arm=on in config.txt) and reboot");
        }
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return new Fact(false, "/dev/i2c-" + bus + " is there but not readable and writable by user "
                    + System.getProperty("user.name") + " — add it to the i2c group");
        }
        return new Fact(true, "I2C enabled: /dev/i2c-" + bus + " is readable and writable");
    }

    /** Whether a chip answers at that address (what {@code i2cdetect} shows): {@code sensorId} reads its ID register. */
    public static Fact chipAnswers(int bus, int address, IntSupplier sensorId) {
        try {
            return new Fact(true, String.format("a chip answers at 0x%02X on bus %d (ID register 0x0B reads 0x%02X)",
                    address, bus, sensorId.getAsInt()));
        } catch (RuntimeException e) {
            return new Fact(false, String.format("nothing answers at 0x%02X on bus %d (%s) — check the wiring and "
                    + "the address with `i2cdetect -y %d`", address, bus, e.getMessage(), bus));
        }
    }

    /** The process's user and groups, by name (from /proc/self/status and /etc/group). */
    private Fact groups() throws IOException {
        String uid = "?";
        Set<String> gids = new HashSet<>();
        for (String line : Files.readAllLines(root.resolve("proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                uid = line.substring(4).trim().split("\\s+")[0];
            } else if (line.startsWith("Groups:")) {
                gids.addAll(Arrays.asList(line.substring(7).trim().split("\\s+")));
            }
        }
        TreeMap<String, String> names = new TreeMap<>();
        Path groupFile = root.resolve("etc/group");
        if (Files.exists(groupFile)) {
            for (String line : Files.readAllLines(groupFile)) {
                String[] f = line.split(":");
                if (f.length >= 3 && gids.contains(f[2])) {
                    names.put(f[0], f[2]);
                }
            }
        }
        String user = "user " + System.getProperty("user.name") + " (uid " + uid + "), groups: "
                + (names.isEmpty() ? "none" : String.join(" ", names.keySet()));
        List<String> missing = new ArrayList<>(List.of("gpio", "i2c"));
        missing.removeAll(names.keySet());
        if (missing.isEmpty() || "0".equals(uid)) {
            return new Fact(true, user);
        }
        return new Fact(false, user + " — not in " + String.join(", ", missing) + ": `sudo usermod -aG "
                + String.join(",", missing) + " " + System.getProperty("user.name") + "`, then restart the service");
    }

    /** GPIO chips by label, as the kernel's sysfs shows them (what `gpiodetect` prints). */
    private Fact gpioChips() throws IOException {
        Path sysfs = root.resolve("sys/class/gpio");
        if (!Files.isDirectory(sysfs)) {
            return new Fact(false, "no /sys/class/gpio: cannot tell the GPIO chips' labels here — run `gpiodetect`");
        }
        List<String> labels = new ArrayList<>();
        try (DirectoryStream<Path> chips = Files.newDirectoryStream(sysfs, "gpiochip*")) {
            for (Path chip : chips) {
                Path label = chip.resolve("label");
                if (Files.exists(label)) {
                    labels.add(Files.readString(label).trim());
                }
            }
        }
        labels.sort(null);
        boolean pinctrl = labels.stream().anyMatch(l -> l.startsWith("pinctrl"));
        String found = "GPIO chips: " + (labels.isEmpty() ? "none" : String.join(", ", labels));
        return pinctrl ? new Fact(true, found + " (Pi4J drives the one labelled pinctrl-*)")
                : new Fact(false, found + " — none labelled pinctrl-*: Pi4J cannot drive the boards' lines (is this a Raspberry Pi?)");
    }

    /** Whether {@code java.io.tmpdir} is on a mount that allows executing (Pi4J loads its natives from there). */
    private Fact tmpdir() throws IOException {
        String best = "";
        String options = "";
        for (String line : Files.readAllLines(root.resolve("proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 5) {
                String mountPoint = f[4].replace("\\040", " ");
                if (isUnder(tmpdir.toString(), mountPoint) && mountPoint.length() >= best.length()) {
                    best = mountPoint;
                    options = f[5];
                }
            }
        }
        if (Arrays.asList(options.split(",")).contains("noexec")) {
            return new Fact(false, "java.io.tmpdir " + tmpdir + " is on " + best + ", mounted noexec: Pi4J cannot load "
                    + "its natives from there — add -Djava.io.tmpdir=/var/lib/dual-modem-telemetry to jvm.options");
        }
        return new Fact(true, "java.io.tmpdir " + tmpdir + " allows executing (on " + best + "; Pi4J unpacks its natives there)");
    }

    private static boolean isUnder(String path, String mountPoint) {
        return mountPoint.equals("/") || path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }
}

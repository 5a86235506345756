package io.dualmodem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A SIMULATED Raspberry Pi for tests: Debian's OpenJDK 17 for arm64 or armhf under qemu-user, with the
 * emulated I2C bus (an ADT7410) and GPIO chip (two 3GPi boards) of {@code testbed/pi/pi-devices.c}
 * answering Pi4J's system calls (see testbed/pi/README.md). One object is one Pi: its folder (on tmpfs)
 * holds the control file the test changes the devices with, and the log of every line change, with
 * monotonic timestamps, that the test measures pulses on. The application runs there as the packaged
 * jar, as a user would run it.
 */
public final class EmulatedPi implements AutoCloseable {

    /** A Pi model as its kernel shows it: device-tree model, board revision code, GPIO chip label and lines. */
    public record Model(String name, String revision, String gpioLabel, int gpioLines) {
        public static final Model PI_3B_PLUS = new Model("Raspberry Pi 3 Model B Plus Rev 1.3", "a020d3", "pinctrl-bcm2835", 54);
        public static final Model PI_4B = new Model("Raspberry Pi 4 Model B Rev 1.5", "c03115", "pinctrl-bcm2711", 58);
        public static final Model PI_5 = new Model("Raspberry Pi 5 Model B Rev 1.0", "c04170", "pinctrl-rp1", 54);
        public static final Model ZERO_2W = new Model("Raspberry Pi Zero 2 W Rev 1.0", "902120", "pinctrl-bcm2835", 54);
    }

    /** One line of the emulated devices' log: CLOCK_MONOTONIC nanoseconds and the words after it. */
    public record Event(long nanos, List<String> words) {
        public String word(int i) {
            return i < words.size() ? words.get(i) : "";
        }

        public boolean is(String... prefix) {
            return words.size() >= prefix.length && words.subList(0, prefix.length).equals(Arrays.asList(prefix));
        }
    }

    private final String arch;
    private final Model model;
    private final Path dir;
    private final boolean gpioChip;
    private final boolean i2cBus;
    private final Map<String, String> control = new LinkedHashMap<>();

    private EmulatedPi(String arch, Model model, boolean gpioChip, boolean i2cBus) throws IOException {
        this.arch = arch;
        this.model = model;
        this.gpioChip = gpioChip;
        this.i2cBus = i2cBus;
        // tmpfs: a 32-bit guest cannot list folders of a 64-bit ext4 (EOVERFLOW)
        this.dir = Files.createTempDirectory(Path.of("/dev/shm"), "dmt-pi-");
        Files.createDirectories(app());
        control.put("board.a", "17,22,27");
        control.put("board.b", "12,13,6");
        writeControl();
    }

    /**
     * An emulated Pi of this architecture ({@code arm64}, {@code armhf}) and model, with or without a GPIO
     * chip and I2C bus 1; skips the calling test with the reason when this machine cannot run it (fails
     * under {@code REQUIRE_TESTBED=1}).
     */
    public static EmulatedPi start(String arch, Model model, boolean gpioChip, boolean i2cBus) throws IOException {
        Optional<String> missing = unavailable(arch, gpioChip || i2cBus);
        if (missing.isPresent()) {
            if ("1".equals(System.getenv("REQUIRE_TESTBED"))) {
                Assertions.fail("REQUIRE_TESTBED=1 but the emulated Pi cannot run: " + missing.get());
            }
            Assumptions.abort("emulated Pi unavailable: " + missing.get());
        }
        return new EmulatedPi(arch, model, gpioChip, i2cBus);
    }

    static Optional<String> unavailable(String arch, boolean deviceNodes) {
        String qemu = arch.equals("arm64") ? "qemu-aarch64-static" : "qemu-arm-static";
        String cc = arch.equals("arm64") ? "aarch64-linux-gnu-gcc" : "arm-linux-gnueabihf-gcc";
        for (String tool : List.of("/usr/bin/" + qemu, "/usr/bin/" + cc, "/usr/bin/apt-get", "/usr/bin/dpkg-deb")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return Optional.of(tool + " is missing: run testbed/install-deps.sh");
            }
        }
        if (!Files.isDirectory(Path.of("/dev/shm"))) {
            return Optional.of("no /dev/shm (tmpfs) for the emulated Pi's folder");
        }
        if (deviceNodes && !"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root to create the emulated device nodes (mknod)");
        }
        return Optional.empty();
    }

    /** The folder the application runs in (its data folder is under it). */
    public Path app() {
        return dir.resolve("app");
    }

    public Path dir() {
        return dir;
    }

    public Model model() {
        return model;
    }

    /** Sets devices' behaviour at run time (keys of testbed/pi/pi-devices.c's control file). */
    public synchronized void set(String key, String value) {
        control.put(key, value);
        writeControl();
    }

    private void writeControl() {
        StringBuilder text = new StringBuilder();
        control.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Path tmp = dir.resolve("control.tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, dir.resolve("control"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command that runs a JVM on this Pi: {@code env PI_...=... testbed/pi/pi-java.sh ARCH DIR}, JVM arguments follow. */
    public List<String> launcher() {
        return new ArrayList<>(List.of("/usr/bin/env",
                "PI_MODEL=" + model.name(), "PI_REVISION=" + model.revision(),
                "PI_GPIOCHIP=" + (gpioChip ? "1" : "0"), "PI_I2C_BUS=" + (i2cBus ? "1" : ""),
                "PI_GPIO_LABEL=" + model.gpioLabel(), "PI_GPIO_LINES=" + model.gpioLines(),
                Testbed.script("pi/pi-java.sh").toString(), arch, dir.toString()));
    }

    /** Runs the packaged jar on this Pi, in {@link #app()}, with these properties; {@code via} runs before it (e.g. the bed's in-edge). */
    public AppProcess runJar(Map<String, String> properties, String... via) throws IOException {
        Path jar = app().resolve("dual-modem-telemetry.jar");
        if (!Files.exists(jar)) {
            Files.copy(Path.of(System.getProperty("app.jar")), jar);
        }
        List<String> command = new ArrayList<>(List.of(via));
        command.addAll(launcher());
        return AppProcess.startJarWith(command, jar, app(), properties);
    }

    /** Everything the emulated devices logged so far. */
    public List<Event> events() throws IOException {
        Path log = dir.resolve("lines.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        List<Event> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] w = line.trim().split(" ");
            if (w.length >= 2) {
                out.add(new Event(Long.parseLong(w[0]), List.of(w).subList(1, w.length)));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        Folders.delete(dir);
    }
}

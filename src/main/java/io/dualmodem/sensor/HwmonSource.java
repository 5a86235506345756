package io.dualmodem.sensor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a kernel hwmon temperature file (millidegrees Celsius), for users who load the kernel's
 * adt7410 driver instead of letting this application talk I2C. Unless a file is set, the file is that of the hwmon
 * device the driver registered, found by its name: hwmon numbers follow the order drivers probe in and change between
 * boots, and the first one on a Pi is usually the CPU's own sensor, whose 50 °C would pass for the air's.
 */
public final class HwmonSource implements TemperatureSource {

    /** The hwmon name the kernel's adt7410 driver registers its devices under (their I2C device id). */
    static final String DRIVER_NAME = "adt7410";

    private final Path input;

    private HwmonSource(Path input) {
        this.input = input;
    }

    /**
     * The set file, or else the temperature file of the adt7410 driver's device under {@code hwmonClass}
     * ({@code /sys/class/hwmon}); a SensorException saying what to do when there is none.
     */
    public static HwmonSource open(Path hwmonClass, Optional<Path> file) {
        return new HwmonSource(file.orElseGet(() -> find(hwmonClass).orElseThrow(() -> new SensorException(
                "no hwmon device named " + DRIVER_NAME + " in " + hwmonClass + ": load the kernel's adt7410 driver "
                        + "(`cat " + hwmonClass + "/*/name` lists what is there) or set sensor.hwmon-file"))));
    }

    /** The temperature file of the adt7410 driver's hwmon device, if it has registered one. */
    public static Optional<Path> find(Path hwmonClass) {
        try (DirectoryStream<Path> devices = Files.newDirectoryStream(hwmonClass)) {
            for (Path device : devices) {
                // older kernels leave the name on the I2C device only
                if (named(device.resolve("name")) || named(device.resolve("device").resolve("name"))) {
                    return Optional.of(device.resolve("temp1_input"));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean named(Path nameFile) {
        try {
            return DRIVER_NAME.equals(Files.readString(nameFile).trim());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public double readCelsius() {
        try {
            return Long.parseLong(Files.readString(input).trim()) / 1000.0;
        } catch (IOException | NumberFormatException e) {
            throw new SensorException("hwmon read of " + input + " failed: " + e, e);
        }
    }
}

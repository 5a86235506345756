package io.dualmodem.sensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a kernel hwmon temperature file (millidegrees Celsius), for users who load the kernel's
 * adt7410 driver instead of letting this application talk I2C.
 */
public final class HwmonSource implements TemperatureSource {

    private final Path input;

    public HwmonSource(Path input) {
        this.input = input;
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

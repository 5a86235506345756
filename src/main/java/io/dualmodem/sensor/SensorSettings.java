package io.dualmodem.sensor;

import java.nio.file.Path;

/** What to sample: the ADT7410 on an I2C bus, or a kernel hwmon file ({@code sensor.type=hwmon}). */
public record SensorSettings(String type, int i2cBus, int i2cAddress, Path hwmonFile) {
}

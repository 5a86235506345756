package io.dualmodem.sensor;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What to sample: the ADT7410 on an I2C bus, or a kernel hwmon file ({@code sensor.type=hwmon}): the one set, or
 * else the adt7410 driver's.
 */
public record SensorSettings(String type, int i2cBus, int i2cAddress, Optional<Path> hwmonFile) {
}

package io.dualmodem.sensor;

/** Something that measures a temperature when asked. */
public interface TemperatureSource extends AutoCloseable {

    /**
     * Measures once.
     *
     * @throws SensorException when the device cannot be read
     */
    double readCelsius();

    @Override
    default void close() {
    }
}

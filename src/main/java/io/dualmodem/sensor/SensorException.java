package io.dualmodem.sensor;

/** A sensor could not be opened or read; the reading becomes an error reading. */
public class SensorException extends RuntimeException {

    public SensorException(String message) {
        super(message);
    }

    public SensorException(String message, Throwable cause) {
        super(message, cause);
    }
}

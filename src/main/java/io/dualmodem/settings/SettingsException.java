package io.dualmodem.settings;

/** A setting has a value the application cannot run with; the message names the key and the value. */
public class SettingsException extends RuntimeException {

    public SettingsException(String key, String value, String expected) {
        super("Invalid setting " + key + "=" + value + ": " + expected);
    }

    public SettingsException(String message) {
        super(message);
    }
}

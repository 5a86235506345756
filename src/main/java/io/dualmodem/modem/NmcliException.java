package io.dualmodem.modem;

/** nmcli failed, timed out or could not be run; the message says which and what nmcli said. */
public class NmcliException extends RuntimeException {

    private final int exitCode;

    public NmcliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

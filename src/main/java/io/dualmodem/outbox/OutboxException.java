package io.dualmodem.outbox;

/** The outbox file could not be opened, read or written. */
public class OutboxException extends RuntimeException {

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}

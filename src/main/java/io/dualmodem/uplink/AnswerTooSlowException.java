package io.dualmodem.uplink;

import java.io.InterruptedIOException;
import java.time.Duration;

/** The server's status line and headers did not arrive within the answer's deadline; the connection was closed. */
public final class AnswerTooSlowException extends InterruptedIOException {

    public AnswerTooSlowException(Duration deadline) {
        super("no answer within " + deadline.toMillis() + " ms (uplink.response-timeout); connection closed");
    }
}

package io.dualmodem.uplink;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.OptionalInt;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Sorts upload failures into {@link Fault}s. Only {@link Fault#LINK} may ever count against a
 * modem: anything the server said proves the line works.
 */
public final class FaultClassifier {

    private FaultClassifier() {
    }

    /** The HTTP status a failed call carried (camel-http throws for non-2xx), possibly wrapped, or empty. */
    public static OptionalInt statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return OptionalInt.of(http.getStatusCode());
            }
        }
        return OptionalInt.empty();
    }

    /** The fault an HTTP status stands for, or {@code null} for 2xx. */
    public static Fault ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status >= 500 || status == 429 || status == 408 || status < 200) {
            return Fault.SERVER;
        }
        if (status >= 300 && status < 400) {
            // a redirect we were not configured to follow is a configuration problem on the server side
            return Fault.SERVER;
        }
        return Fault.REJECTED;
    }

    /**
     * The fault an exception thrown while sending stands for. Connect and response timeouts are
     * {@link InterruptedIOException}s, refused and reset connections {@link SocketException}s.
     */
    public static Fault ofException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException || t instanceof UnknownHostException
                    || t instanceof InterruptedIOException || t instanceof SocketException
                    || t instanceof NoHttpResponseException) {
                return Fault.LINK;
            }
        }
        // an error we cannot place on the line (e.g. a bug producing the request): retry, do not blame the modem
        return Fault.SERVER;
    }
}

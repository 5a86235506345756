package io.dualmodem.uplink;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.OptionalInt;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Sorts upload failures into {@link Fault}s. Only {@link Fault#LINK} may ever count against a
 * modem: anything the server said proves the line works.
 */
public final class FaultClassifier {

    /** The answers that refuse the data itself: only these quarantine a reading. */
    private static final Set<Integer> CONTENT_REJECTIONS = Set.of(400, 413, 415, 422);

    private FaultClassifier() {
    }

    /** The HTTP status a failed call carried, possibly wrapped, or empty. */
    public static OptionalInt statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ServerFaultException server) {
                return OptionalInt.of(server.answer().status());
            }
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
        if (CONTENT_REJECTIONS.contains(status)) {
            return Fault.REJECTED;
        }
        // 401, 403, 404, 405, 410, a redirect we do not follow, ...: the server refuses us, not this data
        return Fault.MISCONFIGURED;
    }

    /**
     * The fault an exception thrown while sending stands for. Connect and response timeouts are
     * {@link InterruptedIOException}s, refused and reset connections {@link SocketException}s; a request the
     * client cannot build or a server certificate that does not match is a configuration problem.
     */
    public static Fault ofException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof URISyntaxException || t instanceof IllegalArgumentException
                    || t instanceof SSLPeerUnverifiedException || t instanceof CertificateException) {
                return Fault.MISCONFIGURED;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException || t instanceof UnknownHostException
                    || t instanceof InterruptedIOException || t instanceof SocketException
                    || t instanceof NoHttpResponseException) {
                return Fault.LINK;
            }
        }
        // an error we cannot place on the line: retry, do not blame the modem
        return Fault.SERVER;
    }
}

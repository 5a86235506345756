package io.dualmodem.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

class FaultClassifierTest {

    @Test
    void statusCodes() {
        assertNull(FaultClassifier.ofStatus(200));
        assertNull(FaultClassifier.ofStatus(201));
        assertNull(FaultClassifier.ofStatus(204));
        assertEquals(Fault.SERVER, FaultClassifier.ofStatus(500));
        assertEquals(Fault.SERVER, FaultClassifier.ofStatus(503));
        assertEquals(Fault.SERVER, FaultClassifier.ofStatus(429));
        assertEquals(Fault.SERVER, FaultClassifier.ofStatus(408));
        assertEquals(Fault.SERVER, FaultClassifier.ofStatus(502));
    }

    @Test
    void onlyContentRejectionsRejectTheData() {
        for (int status : new int[] {400, 413, 415, 422}) {
            assertEquals(Fault.REJECTED, FaultClassifier.ofStatus(status), "HTTP " + status);
        }
    }

    @Test
    void answersThatRefuseUsRatherThanTheDataAreMisconfiguration() {
        for (int status : new int[] {401, 403, 404, 405, 407, 409, 410, 411, 414, 301, 302, 307, 308}) {
            assertEquals(Fault.MISCONFIGURED, FaultClassifier.ofStatus(status), "HTTP " + status);
        }
    }

    @Test
    void aRequestTheClientCannotBuildIsMisconfigurationNotAServerFault() {
        assertEquals(Fault.MISCONFIGURED, FaultClassifier.ofException(
                new RuntimeException(new IllegalArgumentException("URI path begins with multiple slashes"))));
        assertEquals(Fault.MISCONFIGURED, FaultClassifier.ofException(new java.net.URISyntaxException("x y", "Illegal character")));
        assertEquals(Fault.MISCONFIGURED, FaultClassifier.ofException(
                new javax.net.ssl.SSLPeerUnverifiedException("certificate does not match host")));
    }

    @Test
    void aServerAnswerCountedByTheBreakerCarriesItsStatus() {
        assertEquals(503, FaultClassifier.statusOf(new RuntimeException(new ServerFaultException(ServerAnswer.of(503))))
                .getAsInt());
    }

    @Test
    void lineFailuresAreLinkFaults() {
        assertEquals(Fault.LINK, FaultClassifier.ofException(new ConnectException("Connection refused")));
        assertEquals(Fault.LINK, FaultClassifier.ofException(new HttpHostConnectException("refused")));
        assertEquals(Fault.LINK, FaultClassifier.ofException(new ConnectTimeoutException("connect timed out")));
        assertEquals(Fault.LINK, FaultClassifier.ofException(new SocketTimeoutException("Read timed out")));
        assertEquals(Fault.LINK, FaultClassifier.ofException(new NoRouteToHostException("No route to host")));
        assertEquals(Fault.LINK, FaultClassifier.ofException(new SocketException("Connection reset")));
        assertEquals(Fault.LINK, FaultClassifier.ofException(new UnknownHostException("harvest.soracom.io")));
        assertEquals(Fault.LINK, FaultClassifier.ofException(new NoHttpResponseException("failed to respond")));
        assertEquals(Fault.LINK, FaultClassifier.ofException(new RuntimeException("wrapped", new ConnectException("x"))));
    }

    @Test
    void otherFailuresNeverBlameTheLine() {
        assertEquals(Fault.SERVER, FaultClassifier.ofException(new IOException("stream closed")));
        assertEquals(Fault.SERVER, FaultClassifier.ofException(new IllegalStateException("bug")));
        assertEquals(Fault.SERVER, FaultClassifier.ofException(
                new HttpOperationFailedException("http://x", 500, "Server Error", null, null, null)));
    }
}

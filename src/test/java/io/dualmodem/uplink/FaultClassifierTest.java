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
        assertEquals(Fault.SERVER, FaultClassifier.ofStatus(302));
        assertEquals(Fault.REJECTED, FaultClassifier.ofStatus(400));
        assertEquals(Fault.REJECTED, FaultClassifier.ofStatus(404));
        assertEquals(Fault.REJECTED, FaultClassifier.ofStatus(422));
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

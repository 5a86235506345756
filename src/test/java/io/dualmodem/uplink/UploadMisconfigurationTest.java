package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.LogLines;
import io.dualmodem.testing.RecordingServer.Mode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.stream.LongStream;
import javax.management.ObjectName;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;

/**
 * A server that refuses us (401) rather than our data: every reading stays, the uplink backs off, and the alarm is
 * logged once, shown in JMX and in the readiness check until the server accepts again. (Before, 20 s of 401 moved
 * nine readings to quarantine for good.)
 */
class UploadMisconfigurationTest extends AppRouteTestSupport {

    private static final String ALARM = "server refuses our credentials (HTTP 401): check uplink.url / uplink.headers";

    @Test
    void aServerRefusingOurCredentialsKeepsEveryReadingAndRaisesAVisibleAlarmUntilItAcceptsAgain() throws Exception {
        try (LogLines log = LogLines.of(UplinkAlarm.class)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 2);
            long refusedBefore = uploader().faultCount(Fault.MISCONFIGURED);
            int requestsBefore = server.requests();
            server.errorStatus(401);
            await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.MISCONFIGURED) >= refusedBefore + 5);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> outbox().quarantined() == 0);
            assertTrue(outbox().depth() > 5, "readings wait: " + outbox().depth());
            long refused = uploader().faultCount(Fault.MISCONFIGURED) - refusedBefore;
            int requests = server.requests() - requestsBefore;
            assertTrue(requests <= refused + 1, requests + " requests for " + refused + " refusals");

            assertEquals(ALARM, telemetry("UplinkAlarm"));
            HealthCheck.Result health = HealthCheckRegistry.get(context).getCheck("uplink").orElseThrow().call();
            assertEquals(HealthCheck.State.DOWN, health.getState());
            assertEquals(ALARM, health.getMessage().orElseThrow());
            assertEquals(ALARM, health.getDetails().get("uplink.alarm"));
            assertEquals(1, log.containing("HTTP 401").size(), "logged once for " + refused + " refusals: " + log.lines());

            server.mode(Mode.ACCEPT);
            await().atMost(Duration.ofSeconds(20)).until(() -> telemetry("UplinkAlarm") == null);
            context.getRouteController().stopRoute("sample-temperature");
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox().depth() == 0);
            long stored = exchangesThrough("sample-temperature");
            assertEquals(LongStream.rangeClosed(1, stored).boxed().toList(), server.acceptedSeqs().stream().sorted().toList(),
                    "every reading arrived, once");
            assertEquals(0, outbox().quarantined());
            assertNull(uploader().alarm());
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    HealthCheckRegistry.get(context).getCheck("uplink").orElseThrow().call().getState() == HealthCheck.State.UP);
            assertEquals(1, log.containing("Uplink alarm over").size());
        }
    }

    private static Object telemetry(String attribute) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("io.dualmodem:type=Telemetry"), attribute);
    }
}

package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.RecordingServer.Mode;
import java.time.Duration;
import java.util.stream.LongStream;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;

class UploadRouteTest extends AppRouteTestSupport {

    @Test
    void sampledReadingsAreStoredThenUploadedAndRemoved() throws Exception {
        // the first upload may come a moment before the simulated line is up (both start 1 s after the routes)
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 1);
        long faultsAtStart = uploader().faultCount(Fault.LINK) + uploader().faultCount(Fault.SERVER);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 10);
        context.getRouteController().stopRoute("sample-temperature");
        long stored = exchangesThrough("sample-temperature");
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox().depth() == 0);
        assertEquals(stored, server.deliveries().size(), "distinct readings uploaded");
        assertEquals(stored, server.acceptedSeqs().size(), "readings uploaded, counting repeats");
        assertEquals(LongStream.rangeClosed(1, stored).boxed().toList(), server.acceptedSeqs().stream().sorted().toList());
        assertEquals(0, outbox().dropped() + outbox().quarantined());
        assertEquals(faultsAtStart, uploader().faultCount(Fault.LINK) + uploader().faultCount(Fault.SERVER));
    }

    @Test
    void serverErrorsKeepReadingsOpenTheBreakerAndNeverSwitchTheModem() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 1);
        int switchesBefore = modemSwitch().state().history().size();
        long linkFaultsAtStart = uploader().faultCount(Fault.LINK);
        server.errorStatus(503);
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.SERVER) >= 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> !"CLOSED".equals(breakerState()));
        assertTrue(outbox().depth() >= 3, "readings wait in the outbox");
        assertEquals(linkFaultsAtStart, uploader().faultCount(Fault.LINK));
        assertEquals(switchesBefore, modemSwitch().state().history().size(), "no modem switch for a server error");
        assertEquals(0, linkWatch().policy().failures(), "a server that answers has proven the line");

        int acceptedBefore = server.acceptedSeqs().size();
        server.mode(Mode.ACCEPT);
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox().depth() <= 1 && server.acceptedSeqs().size() >= acceptedBefore + 3);
    }

    @Test
    void aServerProcessThatIsDownRefusesConnectionsWhichProvesTheLineSoNothingSwitches() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 1);
        int switchesBefore = modemSwitch().state().history().size();
        long probesBefore = linkWatch().probesRun();
        server.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.LINK) >= 3
                && linkWatch().probesRun() >= probesBefore + 3);
        assertTrue(linkWatch().lastVerdict().startsWith("good") && linkWatch().lastVerdict().contains("refused (the host answered)"),
                linkWatch().lastVerdict());
        assertEquals(0, linkWatch().policy().failures());
        assertEquals(switchesBefore, modemSwitch().state().history().size(), "a refusing server is no dead line");
        server.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox().depth() <= 1);
    }

    @Test
    void aSilentLineFailsItsLineChecksAndIsSwitchedAway() {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 1 && linkWatch().activeDevice() != null);
        simulatedNetwork().silence(simulatedNetwork().board(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> "b".equals(linkWatch().policy().active()));
        String reason = modemSwitch().state().history().get(modemSwitch().state().history().size() - 1).reason();
        assertTrue(reason.contains("failed line checks on a"), reason);
        int before = server.acceptedSeqs().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() > before);
    }

    @Test
    void uplinkReadinessGoesDownWhenNothingIsAcceptedForTooLongAndUpAgain() {
        await().atMost(Duration.ofSeconds(20)).until(() -> uplinkHealth() == HealthCheck.State.UP && server.acceptedSeqs().size() > 0);
        server.errorStatus(503);
        await().atMost(Duration.ofSeconds(20)).until(() -> uplinkHealth() == HealthCheck.State.DOWN);
        server.mode(Mode.ACCEPT);
        await().atMost(Duration.ofSeconds(20)).until(() -> uplinkHealth() == HealthCheck.State.UP);
    }

    private String breakerState() {
        return context.getProcessor("uplink-breaker", ResilienceProcessor.class).getCircuitBreakerState();
    }

    /** The check as Camel's health registry holds it (its default exposure level reports only checks that are DOWN). */
    private HealthCheck.State uplinkHealth() {
        return HealthCheckRegistry.get(context).getCheck("uplink").orElseThrow().call().getState();
    }

    @Test
    void rejectedReadingsAreQuarantinedAndDoNotBlockTheQueue() {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 2);
        server.errorStatus(422);
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox().quarantined() >= 2);
        server.mode(Mode.ACCEPT);
        // uploads go one after another: once one is accepted, a 422 that was in flight when the mode changed is settled
        int acceptedBefore = server.acceptedSeqs().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() > acceptedBefore);
        long quarantined = outbox().quarantined();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= acceptedBefore + 8 && outbox().depth() <= 1);
        assertEquals(quarantined, outbox().quarantined(), "nothing accepted is quarantined");
    }
}

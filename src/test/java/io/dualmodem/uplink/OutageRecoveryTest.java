package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.RecordingServer.Mode;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The server fails in every way a field deployment meets — 5xx, refused connections, a hang —
 * and recovers; every reading sampled meanwhile must arrive, each exactly once (the hang answers
 * nothing, so nothing is delivered twice here).
 */
class OutageRecoveryTest extends AppRouteTestSupport {

    @Test
    void everySampledReadingArrivesAfterErrorsRefusalsAndHangs() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 3);

        server.errorStatus(500);
        long serverFaults = uploader().faultCount(Fault.SERVER);
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.SERVER) >= serverFaults + 3);

        server.stop();
        long linkFaults = uploader().faultCount(Fault.LINK);
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.LINK) >= linkFaults + 3);

        server.restart();
        server.mode(Mode.HANG);
        long afterRefusals = uploader().faultCount(Fault.LINK);
        long probesBefore = linkWatch().probesRun();
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.LINK) >= afterRefusals + 2);
        assertTrue(outbox().depth() > 10, "readings accumulated during the outage: " + outbox().depth());

        server.mode(Mode.ACCEPT);
        context.getRouteController().stopRoute("sample-temperature");
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox().depth() == 0);

        long lastSeq = lastSeqEverStored();
        List<Long> arrived = server.acceptedSeqs().stream().sorted().toList();
        assertEquals(LongStream.rangeClosed(1, lastSeq).boxed().toList(), arrived, "every seq exactly once");
        Map<String, Integer> deliveries = server.deliveries();
        assertEquals(lastSeq, deliveries.size());
        assertTrue(deliveries.values().stream().allMatch(n -> n == 1), "no id delivered twice");
        assertTrue(linkWatch().probesRun() > probesBefore, "link faults asked for line checks");
    }

    private long lastSeqEverStored() throws Exception {
        String file = context.resolvePropertyPlaceholders("{{outbox.path}}");
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = db.createStatement().executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'readings'")) {
            return rs.getLong(1);
        }
    }
}

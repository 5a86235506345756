package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.RecordingServer.Mode;
import java.lang.management.ManagementFactory;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The quarantine keeps at most outbox.quarantine-capacity readings, a server that rejects every reading raises the
 * uplink alarm, and an operator sends them again from JMX.
 */
class UploadQuarantineTest extends AppRouteTestSupport {

    private static final int CAPACITY = 3;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("outbox.quarantine-capacity", String.valueOf(CAPACITY));
        return p;
    }

    @Test
    void theQuarantineDropsItsOldestBeyondItsCapacityAndJmxSendsTheRestAgainWithTheirIds() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName telemetry = new ObjectName("io.dualmodem:type=Telemetry");
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 2);
        server.errorStatus(422);
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox().quarantineDropped() >= 2);
        assertTrue(String.valueOf(jmx.getAttribute(telemetry, "UplinkAlarm")).contains("(HTTP 422) and accepted none"),
                "every reading rejected: the operator hears of it before the quarantine drops more");
        int acceptedBefore = server.acceptedSeqs().size();
        server.mode(Mode.ACCEPT);
        // the queue may already be near empty, every reading quarantined: wait for an accepted upload, then its answer
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() > acceptedBefore);
        await().atMost(Duration.ofSeconds(5)).until(() -> jmx.getAttribute(telemetry, "UplinkAlarm") == null);
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox().depth() <= 1);
        assertEquals((long) CAPACITY, jmx.getAttribute(telemetry, "QuarantinedReadings"));
        assertEquals((long) CAPACITY, jmx.getAttribute(telemetry, "QuarantineCapacity"));
        assertTrue((Long) jmx.getAttribute(telemetry, "QuarantineDroppedReadings") >= 2);

        List<String> quarantined = quarantinedIds();
        assertEquals(CAPACITY, quarantined.size());
        assertTrue(quarantined.stream().noneMatch(server.deliveries()::containsKey));
        String said = (String) jmx.invoke(telemetry, "requeueQuarantined", null, null);
        assertEquals(CAPACITY + " readings moved back into the queue; 0 still quarantined", said);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.deliveries().keySet().containsAll(quarantined));
        assertTrue(quarantined.stream().allMatch(id -> server.deliveries().get(id) == 1), "each sent once, with its id");
        assertEquals(0L, jmx.getAttribute(telemetry, "QuarantinedReadings"));
    }

    private List<String> quarantinedIds() throws Exception {
        String file = context.resolvePropertyPlaceholders("{{outbox.path}}");
        List<String> ids = new ArrayList<>();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = db.createStatement().executeQuery("SELECT id FROM quarantine ORDER BY seq")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}

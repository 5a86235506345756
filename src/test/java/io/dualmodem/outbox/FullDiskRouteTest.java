package io.dualmodem.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.dualmodem.ops.TelemetryStatus;
import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.CapturedLog;
import io.dualmodem.testing.Tmpfs;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.LongStream;
import javax.management.ObjectName;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole application, sampling every 100 ms into an outbox on a real 512 KiB tmpfs that fills up and empties again. */
class FullDiskRouteTest extends AppRouteTestSupport {

    private static Tmpfs disk;

    @BeforeAll
    static void mountSmallDisk() throws Exception {
        disk = Tmpfs.mount(Files.createTempDirectory("dmt-full-disk"), "512k");
    }

    @AfterAll
    static void unmount() throws Exception {
        disk.close();
        Files.deleteIfExists(disk.dir());
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("outbox.path", disk.dir().resolve("outbox-" + System.nanoTime() + ".db").toString());
        return p;
    }

    @Test
    void storingAndUploadingGoOnWithoutARestartOnceSpaceReturnsAndEveryReadingIsStoredOrCounted() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 3);
        try (CapturedLog log = CapturedLog.all()) {
            disk.fill();
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox().unstored() >= 10);
            assertNotNull(telemetry("OutboxFault"));
            assertTrue((Long) telemetry("UnstoredReadings") >= 10);
            long acceptedWhileFull = server.acceptedSeqs().size();

            long freed = System.nanoTime();
            disk.free();
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox().fault() == null);
            long resumedMillis = (System.nanoTime() - freed) / 1_000_000;
            await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= acceptedWhileFull + 5);
            context.getRouteController().stopRoute("sample-temperature");
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox().depth() == 0);

            long sampled = exchangesThrough("sample-temperature");
            long lost = outbox().unstored();
            long stored = Collections.max(server.acceptedSeqs());
            assertEquals(sampled, stored + lost, "each sample was stored or counted as lost");
            assertEquals(LongStream.rangeClosed(1, stored).boxed().toList(), server.acceptedSeqs().stream().sorted().toList(),
                    "every stored reading uploaded once, seq without gaps");
            assertEquals(0, failedExchanges("sample-temperature") + failedExchanges("upload-readings"));
            assertEquals(1, log.at(Level.WARN).stream().filter(e -> e.getLoggerName().equals(Outbox.class.getName())).count(),
                    () -> "one WARN for the episode: " + log.at(Level.WARN));
            assertEquals(List.of(), log.withStackTrace());
            System.out.printf("full disk under the running app: %d samples, %d stored, %d lost while full; "
                    + "storing resumed %d ms after space returned%n", sampled, stored, lost, resumedMillis);
        }
    }

    private Object telemetry(String attribute) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(TelemetryStatus.OBJECT_NAME), attribute);
    }

    private long failedExchanges(String routeId) throws Exception {
        return context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(routeId).getExchangesFailed();
    }
}

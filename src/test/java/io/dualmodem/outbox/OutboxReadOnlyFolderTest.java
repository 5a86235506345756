package io.dualmodem.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.dualmodem.sensor.Sample;
import io.dualmodem.testing.CapturedLog;
import io.dualmodem.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's folder on a real tmpfs remounted read-only (root writes anywhere else, so this is how
 * a test running as root meets a folder it cannot write).
 */
class OutboxReadOnlyFolderTest {

    @TempDir
    Path dir;
    private Tmpfs disk;

    @BeforeEach
    void mountDisk() throws Exception {
        disk = Tmpfs.mount(dir.resolve("disk"), "1m");
    }

    @AfterEach
    void unmount() throws Exception {
        disk.close();
    }

    private static Sample sample(int i) {
        return Sample.of(Instant.parse("2026-11-24T00:00:00Z").plusSeconds(30L * i), 20 + i / 10.0, false);
    }

    @Test
    void aMissingFolderOnAReadOnlyDiskDoesNotStopStartUpAndStoringStartsOnceItIsWritable() throws Exception {
        Path file = disk.dir().resolve("data/outbox.db");
        disk.readOnly();
        try (CapturedLog log = CapturedLog.of(Outbox.class); Outbox outbox = new Outbox(file, 100, "pi-1")) {
            assertTrue(outbox.fault().endsWith("is read-only"), outbox.fault());
            for (int i = 0; i < 3; i++) {
                assertNull(outbox.append(sample(i)));
            }
            assertEquals(3, outbox.unstored());
            assertEquals(List.of(), outbox.oldest(10));
            assertEquals(1, log.at(Level.WARN).size(), () -> "one WARN, not one per reading: " + log.at(Level.WARN));
            String warning = log.at(Level.WARN).get(0).getFormattedMessage();
            assertTrue(warning.contains("read-only; remount it read-write"), warning);
            assertEquals(List.of(), log.withStackTrace());

            disk.readWrite();
            Reading stored = outbox.append(sample(3));
            assertNotNull(stored, "the folder is created and the file opened with the next reading");
            assertEquals(1L, stored.seq());
            assertNull(outbox.fault());
            assertEquals(1, log.at(Level.INFO).size());
        }
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            assertEquals(3, outbox.unstored());
            assertEquals(1, outbox.depth());
        }
    }

    @Test
    void readingsInAnOutboxOnADiskThatTurnedReadOnlyWaitThereAndAreNotMovedAside() throws Exception {
        Path file = disk.dir().resolve("outbox.db");
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            for (int i = 0; i < 5; i++) {
                outbox.append(sample(i));
            }
        }
        disk.readOnly();
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            assertNotNull(outbox.fault());
            assertNull(outbox.append(sample(5)));
            disk.readWrite();
            assertEquals(6L, outbox.append(sample(6)).seq(), "the unstored reading took no seq");
            assertEquals(6, outbox.depth());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), outbox.oldest(10).stream().map(Reading::seq).toList());
        }
        try (Stream<Path> files = Files.list(disk.dir())) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().contains("corrupt")).toList());
        }
    }
}

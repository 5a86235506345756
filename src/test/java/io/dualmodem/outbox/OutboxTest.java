package io.dualmodem.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.sensor.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    @TempDir
    Path dir;

    private static Sample sample(int i) {
        return Sample.of(Instant.parse("2026-11-23T00:00:00Z").plusSeconds(30L * i), 20 + i / 10.0, false);
    }

    @Test
    void readingsComeBackOldestFirstWithGapFreeSeqAndUniqueIds() {
        try (Outbox outbox = new Outbox(dir.resolve("o.db"), 100, "pi-1")) {
            for (int i = 0; i < 10; i++) {
                outbox.append(sample(i));
            }
            List<Reading> batch = outbox.oldest(4);
            assertEquals(List.of(1L, 2L, 3L, 4L), batch.stream().map(Reading::seq).toList());
            assertEquals(20.0, batch.get(0).celsius());
            assertEquals("pi-1", batch.get(0).device());
            assertEquals(10, outbox.oldest(100).stream().map(Reading::id).distinct().count());

            assertEquals(4, outbox.remove(batch));
            assertEquals(4, outbox.remove(batch) + 4, "removing twice removes nothing more");
            assertEquals(5L, outbox.oldest(1).get(0).seq());
            assertEquals(6, outbox.depth());
        }
    }

    @Test
    void errorReadingsKeepTheirMessage() {
        try (Outbox outbox = new Outbox(dir.resolve("o.db"), 100, "pi-1")) {
            outbox.append(Sample.failed(Instant.parse("2026-11-23T00:00:00Z"), "no ACK", false));
            Reading r = outbox.oldest(1).get(0);
            assertNull(r.celsius());
            assertEquals("no ACK", r.error());
        }
    }

    @Test
    void fullOutboxDropsTheOldestAndCountsThem() {
        try (Outbox outbox = new Outbox(dir.resolve("o.db"), 10, "pi-1")) {
            for (int i = 0; i < 25; i++) {
                outbox.append(sample(i));
            }
            assertEquals(10, outbox.depth());
            assertEquals(15, outbox.dropped());
            assertEquals(16L, outbox.oldest(1).get(0).seq());
        }
    }

    @Test
    void everythingSurvivesReopeningAndSeqIsNeverReused() {
        Path file = dir.resolve("o.db");
        try (Outbox outbox = new Outbox(file, 10, "pi-1")) {
            for (int i = 0; i < 12; i++) {
                outbox.append(sample(i));
            }
            outbox.remove(outbox.oldest(10)); // empties it: AUTOINCREMENT must still not reuse 1..12
        }
        try (Outbox outbox = new Outbox(file, 10, "pi-1")) {
            assertEquals(0, outbox.depth());
            assertEquals(2, outbox.dropped());
            assertEquals(13L, outbox.append(sample(13)).seq());
            assertEquals(1, outbox.depth());
        }
    }

    @Test
    void quarantinedReadingsLeaveTheQueueButStayInTheFile() throws Exception {
        Path file = dir.resolve("o.db");
        try (Outbox outbox = new Outbox(file, 10, "pi-1")) {
            for (int i = 0; i < 3; i++) {
                outbox.append(sample(i));
            }
            Reading second = outbox.oldest(2).get(1);
            outbox.quarantine(List.of(second), "HTTP 422");
            assertEquals(List.of(1L, 3L), outbox.oldest(10).stream().map(Reading::seq).toList());
            assertEquals(1, outbox.quarantined());
            assertEquals(2, outbox.depth());
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = db.createStatement().executeQuery("SELECT seq, reason FROM quarantine")) {
            assertTrue(rs.next());
            assertEquals(2, rs.getLong(1));
            assertEquals("HTTP 422", rs.getString(2));
        }
    }

    @Test
    void unusablePathFailsWithTheFileNamed() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        OutboxException e = assertThrows(OutboxException.class, () -> new Outbox(blocker.resolve("o.db"), 10, "d"));
        assertTrue(e.getMessage().contains(blocker.resolve("o.db").toString()), e.getMessage());
    }

    @Test
    void fileIsInWalModeWithFullSync() throws Exception {
        Path file = dir.resolve("o.db");
        try (Outbox outbox = new Outbox(file, 10, "d")) {
            outbox.append(sample(1));
            assertTrue(Files.exists(dir.resolve("o.db-wal")));
            assertEquals(2, outbox.synchronousMode(), "synchronous=FULL on the outbox's own connection");
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = db.createStatement().executeQuery("PRAGMA journal_mode")) {
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void readingsSampledBeforeTheClockWasSynchronizedGetTheirTimeCorrectedByTheFirstSynchronizedOne() throws Exception {
        Path file = dir.resolve("o.db");
        long t0 = 1_000_000_000_000L;
        Instant stale = Instant.parse("2026-10-01T00:00:00Z"); // what fake-hwclock restored
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            outbox.append(Sample.of(stale, 20.0, false).takenAt(false, t0));
            outbox.append(Sample.of(stale.plusSeconds(30), 20.1, false).takenAt(false, t0 + 30_000_000_000L));
            outbox.append(Sample.of(stale.plusSeconds(60), 20.2, false).takenAt(false, t0 + 60_000_000_000L));
            assertEquals(List.of(false, false, false), outbox.oldest(10).stream().map(Reading::clockSynced).toList());
        }
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
            db.createStatement().executeUpdate("UPDATE readings SET boot_id = 'an-earlier-boot' WHERE seq = 3");
        }
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            Instant synced = Instant.parse("2026-11-24T10:00:00Z");
            outbox.append(Sample.of(synced, 20.3, false).takenAt(true, t0 + 90_000_000_000L));
            List<Reading> all = outbox.oldest(10);
            assertEquals(List.of(Instant.parse("2026-11-24T09:58:30Z"), Instant.parse("2026-11-24T09:59:00Z"), stale.plusSeconds(60),
                    synced), all.stream().map(Reading::time).toList());
            assertEquals(List.of(true, true, false, true), all.stream().map(Reading::clockSynced).toList(),
                    "a reading of an earlier boot cannot be placed and stays marked");
        }
    }
}

package io.dualmodem.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.sensor.Sample;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quarantine's bound (oldest dropped and counted) and the way back into the queue, surviving a reopen. */
class OutboxQuarantineTest {

    @TempDir
    Path dir;

    private static Sample sample(int i) {
        return Sample.of(Instant.parse("2026-11-23T00:00:00Z").plusSeconds(30L * i), 20 + i / 10.0, false);
    }

    private static List<Long> seqs(List<Reading> readings) {
        return readings.stream().map(Reading::seq).toList();
    }

    @Test
    void theQuarantineKeepsItsNewestAndCountsWhatItDropsAcrossReopening() {
        Path file = dir.resolve("o.db");
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            for (int i = 0; i < 6; i++) {
                outbox.append(sample(i));
            }
            outbox.quarantine(outbox.oldest(4), "HTTP 422");
            assertEquals(0, outbox.trimQuarantine(4));
            assertEquals(2, outbox.trimQuarantine(2));
            assertEquals(2, outbox.quarantined());
            assertEquals(2, outbox.depth());
        }
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            assertEquals(2, outbox.quarantineDropped());
            assertEquals(2, outbox.requeueQuarantined());
            assertEquals(List.of(3L, 4L, 5L, 6L), seqs(outbox.oldest(10)), "seqs 3 and 4, the newer two, are back in front");
            assertEquals(0, outbox.quarantined());
            assertEquals(4, outbox.depth());
        }
    }

    @Test
    void requeuedReadingsKeepTheirIdsAndFillOnlyTheRoomTheQueueHas() {
        try (Outbox outbox = new Outbox(dir.resolve("o.db"), 10, "pi-1")) {
            for (int i = 0; i < 10; i++) {
                outbox.append(sample(i));
            }
            List<Reading> rejected = outbox.oldest(5);
            outbox.quarantine(rejected, "HTTP 400");
            for (int i = 10; i < 13; i++) {
                outbox.append(sample(i));
            }
            assertEquals(8, outbox.depth());
            assertEquals(2, outbox.requeueQuarantined(), "room for 2 in a queue of 10 holding 8");
            assertEquals(rejected.subList(0, 2), outbox.oldest(2), "same seq, id, time and value");
            assertEquals(3, outbox.quarantined());
            assertEquals(0, outbox.requeueQuarantined(), "no room left");
            assertEquals(0, outbox.dropped(), "a requeue never drops a queued reading");
            assertEquals(14L, outbox.append(sample(13)).seq(), "seq is never reused");
        }
    }

    @Test
    void aReadingSampledBeforeTheClockWasSynchronizedComesBackMarkedAndIsCorrectedByTheNextSynchronizedOne() {
        long t0 = 1_000_000_000_000L;
        Instant stale = Instant.parse("2026-10-01T00:00:00Z"); // what fake-hwclock restored
        Instant synced = Instant.parse("2026-11-24T10:00:00Z");
        try (Outbox outbox = new Outbox(dir.resolve("o.db"), 100, "pi-1")) {
            Reading early = outbox.append(Sample.of(stale, 20.0, false).takenAt(false, t0));
            outbox.quarantine(List.of(early), "HTTP 422");
            outbox.append(Sample.of(synced, 20.1, false).takenAt(true, t0 + 60_000_000_000L));
            assertEquals(1, outbox.requeueQuarantined());
            Reading back = outbox.oldest(1).get(0);
            assertFalse(back.clockSynced(), "still marked as sampled before the clock was synchronized");
            assertEquals(early, back, "back as it went");

            outbox.append(Sample.of(synced.plusSeconds(30), 20.2, false).takenAt(true, t0 + 90_000_000_000L));
            Reading corrected = outbox.oldest(1).get(0);
            assertEquals(Instant.parse("2026-11-24T09:59:00Z"), corrected.time(), "placed by a synchronized reading of its boot");
            assertTrue(corrected.clockSynced());
        }
    }

    @Test
    void aQuarantineFromBeforeTheClockColumnsGetsThemItsReadingsCountingAsSynchronized() throws Exception {
        Path file = dir.resolve("o.db");
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            s.executeUpdate("CREATE TABLE quarantine (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, device TEXT NOT NULL,"
                    + " sampled_at TEXT NOT NULL, celsius REAL, error TEXT, simulated INTEGER NOT NULL,"
                    + " rejected_at TEXT NOT NULL, reason TEXT NOT NULL)");
            s.executeUpdate("INSERT INTO quarantine VALUES (7, 'reading-7', 'pi-1', '2026-11-23T00:00:00Z', 20.5, NULL, 0,"
                    + " '2026-11-23T00:05:00Z', 'HTTP 422')");
        }
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            assertEquals(1, outbox.requeueQuarantined());
            assertEquals(List.of(new Reading(7, "reading-7", "pi-1", Instant.parse("2026-11-23T00:00:00Z"), 20.5, null, false, true)),
                    outbox.oldest(10));
        }
    }
}

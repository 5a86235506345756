package io.dualmodem.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.dualmodem.sensor.Sample;
import io.dualmodem.testing.CapturedLog;
import io.dualmodem.testing.Tmpfs;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on a real 512 KiB tmpfs that a file fills until the kernel answers ENOSPC. */
class OutboxFullDiskTest {

    @TempDir
    Path dir;
    private Tmpfs disk;
    private Path file;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Tmpfs.mount(dir.resolve("disk"), "512k");
        file = disk.dir().resolve("outbox.db");
    }

    @AfterEach
    void unmount() throws Exception {
        disk.close();
    }

    private static Sample sample(int i) {
        return Sample.of(Instant.parse("2026-11-24T00:00:00Z").plusSeconds(30L * i), 20 + i / 10.0, false);
    }

    @Test
    void aFullDiskLosesOnlyTheReadingsSampledWhileFullAndTheNextReadingAfterSpaceReturnsIsStored() throws Exception {
        int storedWhileFull = 0;
        int lost = 0;
        try (CapturedLog log = CapturedLog.of(Outbox.class); Outbox outbox = new Outbox(file, 1000, "pi-1")) {
            for (int i = 0; i < 20; i++) {
                assertNotNull(outbox.append(sample(i)));
            }
            long filler = disk.fill();
            for (int i = 20; i < 50; i++) {
                if (outbox.append(sample(i)) == null) {
                    lost++;
                } else {
                    storedWhileFull++;
                }
            }
            assertTrue(lost > 0, "the full disk refused readings");
            assertEquals(lost, outbox.unstored());
            assertEquals(20 + storedWhileFull, outbox.depth());
            assertNotNull(outbox.fault());
            assertEquals(1, log.at(Level.WARN).size(), () -> "one WARN for the whole episode: " + log.at(Level.WARN));
            assertEquals(List.of(), log.withStackTrace());

            disk.free();
            long start = System.nanoTime();
            Reading next = outbox.append(sample(50));
            long micros = (System.nanoTime() - start) / 1000;
            assertNotNull(next, "the first reading after space returns is stored, without a restart");
            assertNull(outbox.fault());
            assertEquals(1, log.at(Level.INFO).size(), () -> "one line says it healed: " + log.at(Level.INFO));
            assertEquals(lost, outbox.unstored());
            System.out.printf("full disk: filler %d bytes; %d of 30 readings lost while full, %d stored; "
                    + "first append after freeing took %d µs%n", filler, lost, storedWhileFull, micros);
        }
        try (Outbox outbox = new Outbox(file, 1000, "pi-1")) {
            assertEquals(lost, outbox.unstored(), "the count of lost readings was written with the first write that worked");
            assertEquals(21 + storedWhileFull, outbox.depth());
            List<Long> seqs = outbox.oldest(1000).stream().map(Reading::seq).toList();
            assertEquals(LongStream.rangeClosed(1, 21 + storedWhileFull).boxed().toList(), seqs,
                    "a reading that was not stored took no seq");
        }
        assertEquals(List.of("ok"), query("PRAGMA integrity_check"));
        assertEquals(List.of(String.valueOf(21 + storedWhileFull)), query("SELECT count(*) FROM readings"));
    }

    @Test
    void answersTheFullDiskCannotTakeAreNotSentAgainAndLeaveTheFileWithTheFirstWriteThatWorks() throws Exception {
        try (Outbox outbox = new Outbox(file, 1000, "pi-1")) {
            for (int i = 0; i < 10; i++) {
                outbox.append(sample(i));
            }
            disk.fill();
            assertNull(outbox.append(sample(10)), "the disk is full");

            List<Reading> accepted = outbox.oldest(4);
            assertEquals(4, outbox.remove(accepted), "accepted readings leave the queue");
            assertNotNull(outbox.fault(), "their removal could not be written");
            assertEquals(List.of(5L, 6L, 7L, 8L), seqs(outbox.oldest(4)), "accepted readings are not sent again");
            outbox.quarantine(outbox.oldest(1), "HTTP 422");
            assertEquals(6L, outbox.oldest(1).get(0).seq(), "a rejected reading is not sent again");
            assertEquals(5, outbox.depth());

            disk.free();
            assertNotNull(outbox.append(sample(11)));
            assertEquals(6, outbox.depth());
            assertEquals(1, outbox.quarantined());
        }
        assertEquals(List.of("6", "7", "8", "9", "10", "11"), query("SELECT seq FROM readings ORDER BY seq"));
        assertEquals(List.of("5"), query("SELECT seq FROM quarantine"));
    }

    @Test
    void aTimeCorrectionTheFullDiskRefusedIsMadeByTheFirstSynchronizedReadingStoredAfterSpaceReturns() throws Exception {
        long second = 1_000_000_000L;
        Instant synced = Instant.parse("2026-11-26T12:00:00Z"); // fake-hwclock had restored 2026-11-24
        try (Outbox outbox = new Outbox(file, 1000, "pi-1")) {
            int i = 0;
            for (; i < 3; i++) {
                assertNotNull(outbox.append(sample(i).takenAt(false, 30 * second * i)));
            }
            disk.fill();
            while (outbox.append(sample(i).takenAt(false, 30 * second * i)) != null) { // the WAL may have room for a few
                assertTrue(++i < 50, "the full disk refuses readings");
            }
            assertNull(outbox.append(Sample.of(synced, 20.0, false).takenAt(true, 3000 * second)),
                    "the full disk refuses the first synchronized reading, and the correction made with it");

            disk.free();
            assertNotNull(outbox.append(Sample.of(synced.plusSeconds(30), 20.0, false).takenAt(true, 3030 * second)));
            List<Reading> stored = outbox.oldest(1000);
            assertEquals(List.of(true), stored.stream().map(Reading::clockSynced).distinct().toList(),
                    "the readings sampled before are corrected now: " + stored.size() + " stored");
            assertEquals(Instant.parse("2026-11-26T11:10:00Z"), stored.get(0).time(), "3030 s before the synchronized reading");
        }
    }

    private static List<Long> seqs(List<Reading> readings) {
        return readings.stream().map(Reading::seq).toList();
    }

    private List<String> query(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); ResultSet rs = db.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

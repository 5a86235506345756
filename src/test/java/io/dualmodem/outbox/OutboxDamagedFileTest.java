package io.dualmodem.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.dualmodem.sensor.Sample;
import io.dualmodem.testing.CapturedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real damaged outbox files: garbage, a truncated copy, a page overwritten, at start-up and while running. */
class OutboxDamagedFileTest {

    private static final int PAGE = 4096;
    private static final int READINGS = 1000;

    @TempDir
    Path dir;

    @Test
    void aFileOfGarbageIsMovedAsideUntouchedAndAFreshOutboxStarts() throws Exception {
        Path file = dir.resolve("outbox.db");
        byte[] garbage = new byte[10_000];
        new Random(1).nextBytes(garbage);
        Files.write(file, garbage);
        try (CapturedLog log = CapturedLog.of(Outbox.class); Outbox outbox = new Outbox(file, 100, "pi-1")) {
            assertEquals(0, outbox.depth());
            assertNull(outbox.fault());
            assertEquals(1L, outbox.append(sample(0)).seq());
            Path aside = movedAside();
            assertArrayEquals(garbage, Files.readAllBytes(aside));
            assertEquals(1, log.at(Level.WARN).size());
            String warning = log.at(Level.WARN).get(0).getFormattedMessage();
            assertTrue(warning.contains("file is not a database") && warning.contains(aside.toString()), warning);
            assertEquals(List.of(), log.withStackTrace());
        }
    }

    @Test
    void aTruncatedCopyKeepsEveryReadingThatStillReadsWithItsSeqIdAndTime() throws Exception {
        Path original = dir.resolve("original.db");
        Map<Long, Reading> written = realOutbox(original);
        Path file = dir.resolve("outbox.db");
        byte[] bytes = Files.readAllBytes(original);
        byte[] half = Arrays.copyOf(bytes, bytes.length / 2);
        Files.write(file, half);
        try (Outbox outbox = new Outbox(file, 10_000, "pi-1")) {
            List<Reading> salvaged = outbox.oldest(10_000);
            assertTrue(salvaged.size() > 0 && salvaged.size() < READINGS, "salvaged " + salvaged.size());
            for (Reading r : salvaged) {
                assertEquals(written.get(r.seq()), r, "salvaged as written");
            }
            long next = outbox.append(sample(READINGS)).seq();
            assertTrue(next > salvaged.get(salvaged.size() - 1).seq(), "seq goes on after the salvaged readings: " + next);
            assertArrayEquals(half, Files.readAllBytes(movedAside()));
            System.out.printf("truncated copy (%d of %d bytes): %d of %d readings salvaged, %d counted unreadable, next seq %d%n",
                    half.length, bytes.length, salvaged.size(), READINGS, outbox.unreadable(), next);
        }
        assertEquals("ok", integrityCheck(file));
    }

    @Test
    void aPageOverwrittenInTheMiddleCostsOnlyTheReadingsOnIt() throws Exception {
        Path file = dir.resolve("outbox.db");
        Map<Long, Reading> written = realOutbox(file);
        List<Integer> leaves = readingsLeaves(file);
        int page = leaves.get(leaves.size() / 2);
        overwritePage(file, page);
        try (CapturedLog log = CapturedLog.of(Outbox.class); Outbox outbox = new Outbox(file, 10_000, "pi-1")) {
            List<Reading> salvaged = outbox.oldest(10_000);
            for (Reading r : salvaged) {
                assertEquals(written.get(r.seq()), r, "salvaged as written");
            }
            List<Long> lost = lostSeqs(written, salvaged);
            assertTrue(!lost.isEmpty() && lost.size() < 100, "lost " + lost);
            assertEquals(lost.size() - 1, lost.get(lost.size() - 1) - lost.get(0), "the lost readings are the one page's run: " + lost);
            assertEquals(lost.size(), outbox.unreadable());
            assertEquals(READINGS + 1L, outbox.append(sample(READINGS)).seq(), "seq is never reused");
            String warning = log.at(Level.WARN).get(0).getFormattedMessage();
            assertTrue(warning.contains(lost.size() + " unreadable"), warning);
            System.out.printf("page %d of %d overwritten: %d readings lost (seq %d..%d), %d salvaged; %s%n", page,
                    Files.size(movedAside()) / PAGE, lost.size(), lost.get(0), lost.get(lost.size() - 1), salvaged.size(), warning);
        }
        assertEquals("ok", integrityCheck(file));
    }

    @Test
    void aBadPageMetWhileRunningIsIsolatedAndTheQueueMovesOn() throws Exception {
        Path file = dir.resolve("outbox.db");
        Map<Long, Reading> written = realOutbox(file);
        try (Outbox outbox = new Outbox(file, 10_000, "pi-1")) {
            int oldestLeaf = readingsLeaves(file).get(0);
            overwritePage(file, oldestLeaf);
            dropPageCaches(file);

            List<Reading> batch = outbox.oldest(5);
            List<Long> lost = lostSeqs(written, outbox.oldest(10_000));
            assertTrue(!lost.isEmpty() && lost.get(0) == 1L, "the oldest page was lost: " + lost);
            assertEquals(lost.get(lost.size() - 1) + 1, batch.get(0).seq(), "the batch starts after the bad page");
            assertEquals(batch, outbox.oldest(5), "the same readable batch, not an error");
            assertEquals(READINGS - lost.size(), outbox.depth());
            assertEquals(lost.size(), outbox.unreadable());
            assertEquals(5, outbox.remove(batch));
            assertEquals(READINGS + 1L, outbox.append(sample(READINGS)).seq());
            assertEquals(READINGS - lost.size() - 4, outbox.depth());
            movedAside();
        }
        assertEquals("ok", integrityCheck(file));
    }

    @Test
    void aSalvageThatACrashLeftBeforeItsRenameIsAdopted() throws Exception {
        Path file = dir.resolve("outbox.db");
        realOutbox(dir.resolve("outbox.db.salvage"));
        try (Outbox outbox = new Outbox(file, 10_000, "pi-1")) {
            assertEquals(READINGS, outbox.depth());
        }
        assertTrue(Files.notExists(dir.resolve("outbox.db.salvage")));
    }

    @Test
    void readingsSampledBeforeTheClockWasSynchronizedAreSalvagedMarkedQueuedOrQuarantinedAndCorrectedLater() throws Exception {
        Path file = dir.resolve("outbox.db");
        Map<Long, Reading> written = realOutbox(file, i -> sample(i).takenAt(false, 30_000_000_000L * i));
        try (Outbox outbox = new Outbox(file, 10_000, "pi-1")) {
            outbox.quarantine(outbox.oldest(5), "HTTP 422");
        }
        overwriteAMiddlePageOfReadings(file);
        try (Outbox outbox = new Outbox(file, 10_000, "pi-1")) {
            List<Reading> salvaged = salvagedWithTheQuarantineBack(outbox);
            for (Reading r : salvaged) {
                assertFalse(r.clockSynced(), "still marked as sampled before the clock was synchronized: seq " + r.seq());
                assertEquals(written.get(r.seq()), r, "salvaged as written");
            }

            Duration behind = Duration.ofDays(2); // how far the clock was behind: the synchronized reading moves them by as much
            outbox.append(Sample.of(sample(READINGS).time().plus(behind), 20.0, false).takenAt(true, 30_000_000_000L * READINGS));
            for (Reading r : outbox.oldest(salvaged.size())) {
                assertEquals(written.get(r.seq()).time().plus(behind), r.time(), "corrected: seq " + r.seq());
                assertTrue(r.clockSynced(), "corrected: seq " + r.seq());
            }
        }
    }

    @Test
    void aDamagedFileFromBeforeTheClockColumnsIsSalvagedItsReadingsCountingAsSynchronized() throws Exception {
        Path file = dir.resolve("outbox.db");
        Map<Long, Reading> written = fileFromBeforeTheClockColumns(file);
        overwriteAMiddlePageOfReadings(file);
        try (Outbox outbox = new Outbox(file, 10_000, "pi-1")) {
            for (Reading r : salvagedWithTheQuarantineBack(outbox)) {
                assertEquals(written.get(r.seq()), r, "salvaged as written, as sampled by a synchronized clock");
            }
        }
    }

    private static Sample sample(int i) {
        return Sample.of(Instant.parse("2026-11-24T00:00:00Z").plusSeconds(30L * i), 20 + i / 10.0, false);
    }

    private static Map<Long, Reading> realOutbox(Path file) {
        return realOutbox(file, OutboxDamagedFileTest::sample);
    }

    /** An outbox file as the application leaves it: readings written one transaction each, closed. */
    private static Map<Long, Reading> realOutbox(Path file, IntFunction<Sample> sample) {
        Map<Long, Reading> written = new TreeMap<>();
        try (Outbox outbox = new Outbox(file, 10_000, "pi-1")) {
            for (int i = 0; i < READINGS; i++) {
                Reading r = outbox.append(sample.apply(i));
                written.put(r.seq(), r);
            }
        }
        return written;
    }

    /** An outbox file in the schema of the versions before the clock columns, the oldest 5 readings quarantined. */
    private static Map<Long, Reading> fileFromBeforeTheClockColumns(Path file) throws SQLException {
        Map<Long, Reading> written = new TreeMap<>();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            s.executeUpdate("CREATE TABLE readings (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
                    + " device TEXT NOT NULL, sampled_at TEXT NOT NULL, celsius REAL, error TEXT, simulated INTEGER NOT NULL)");
            s.executeUpdate("CREATE TABLE quarantine (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, device TEXT NOT NULL,"
                    + " sampled_at TEXT NOT NULL, celsius REAL, error TEXT, simulated INTEGER NOT NULL,"
                    + " rejected_at TEXT NOT NULL, reason TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO readings (id, device, sampled_at, celsius,"
                    + " simulated) VALUES (?, 'pi-1', ?, ?, 0)")) {
                for (int i = 0; i < READINGS; i++) {
                    Sample sample = sample(i);
                    insert.setString(1, "reading-" + i);
                    insert.setString(2, sample.time().toString());
                    insert.setDouble(3, sample.celsius());
                    insert.executeUpdate();
                    written.put(i + 1L, new Reading(i + 1L, "reading-" + i, "pi-1", sample.time(), sample.celsius(), null, false, true));
                }
            }
            s.executeUpdate("INSERT INTO quarantine SELECT *, '2026-11-25T00:00:00Z', 'HTTP 422' FROM readings WHERE seq <= 5");
            s.executeUpdate("DELETE FROM readings WHERE seq <= 5");
            db.commit();
        }
        return written;
    }

    /** Pages of the readings table's leaves, in file order (the b-tree page type 0x0D with many cells). */
    private static List<Integer> readingsLeaves(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<Integer> leaves = new ArrayList<>();
        for (int page = 2; page <= bytes.length / PAGE; page++) {
            int at = (page - 1) * PAGE;
            int cells = ((bytes[at + 3] & 0xFF) << 8) | (bytes[at + 4] & 0xFF);
            if (bytes[at] == 0x0D && cells >= 20) {
                leaves.add(page);
            }
        }
        assertTrue(leaves.size() > 5, "found the table's leaves: " + leaves);
        return leaves;
    }

    private static void overwriteAMiddlePageOfReadings(Path file) throws IOException {
        List<Integer> leaves = readingsLeaves(file);
        overwritePage(file, leaves.get(leaves.size() / 2));
    }

    /** The readings of a salvaged file, the 5 quarantined ones moved back into the queue first. */
    private List<Reading> salvagedWithTheQuarantineBack(Outbox outbox) throws IOException {
        movedAside();
        assertEquals(5, outbox.requeueQuarantined());
        List<Reading> salvaged = outbox.oldest(10_000);
        assertTrue(salvaged.size() > READINGS / 2 && salvaged.get(0).seq() == 1, "salvaged " + salvaged.size());
        return salvaged;
    }

    private static void overwritePage(Path file, int page) throws IOException {
        byte[] garbage = new byte[PAGE];
        new Random(page).nextBytes(garbage);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(garbage), (long) (page - 1) * PAGE);
            channel.force(true);
        }
    }

    /**
     * Makes the open outbox read its pages from the disk again, as it does once they leave its cache:
     * SQLite drops a connection's cache when another connection changed the file.
     */
    private static void dropPageCaches(Path file) throws Exception {
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            s.execute("PRAGMA user_version = 1");
        }
    }

    private static List<Long> lostSeqs(Map<Long, Reading> written, List<Reading> kept) {
        List<Long> lost = new ArrayList<>(written.keySet());
        lost.removeAll(kept.stream().map(Reading::seq).toList());
        return lost;
    }

    private Path movedAside() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().matches("outbox\\.db\\.corrupt-\\d{8}T\\d{6}Z")).toList();
            assertEquals(1, aside.size(), "one file moved aside: " + aside);
            return aside.get(0);
        }
    }

    private static String integrityCheck(Path file) throws Exception {
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = db.createStatement().executeQuery("PRAGMA integrity_check")) {
            return rs.getString(1);
        }
    }
}

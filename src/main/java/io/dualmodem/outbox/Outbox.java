package io.dualmodem.outbox;

import static io.dualmodem.outbox.OutboxFile.COLUMNS;

import io.dualmodem.sensor.Sample;
import io.dualmodem.time.Boot;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;

/**
 * The durable queue of readings waiting for the server, in one SQLite file.
 *
 * <p><b>What survives a crash, and why.</b> The file is in WAL mode with {@code synchronous=FULL}:
 * a transaction's commit returns only after its WAL frames are fsynced, so every reading
 * {@link #append} returned survives a crash, a {@code kill -9} or a power cut, and a reading
 * whose commit had not returned was never reported as stored. Each append is one transaction
 * that inserts the row and, when the outbox is full, deletes the oldest rows and adds them to
 * the {@code dropped} counter, so rows and counter always agree. Readings leave only through
 * {@link #remove} after the server accepted them, or {@link #quarantine} after it rejected them;
 * a crash between the server's answer and that transaction leaves them here, and they are sent
 * again (at-least-once: the server drops duplicates by {@code id}). {@code seq} comes from
 * AUTOINCREMENT, whose counter is updated in the same transaction, so it is never reused, even
 * after a crash, and has no gaps unless a damaged file lost rows.
 *
 * <p><b>When the disk fails, and why nothing wedges.</b> Every change runs in one transaction that
 * this class begins and ends itself ({@link #write}); on any failure it rolls back whatever SQLite
 * or the driver left open, so the connection is never left outside a transaction (the driver's own
 * {@code rollback()} did that after a full disk). Then, by {@link StorageFault}:
 * <ul>
 *   <li>A full disk or a failed write: the reading is lost, by necessity, and counted in
 *       {@link #unstored()}; the next reading tries again on the same connection, so storing resumes
 *       with the first reading after space returns. Readings the server answered for meanwhile are
 *       held as answered in memory (not sent again) and leave the file with the first write that
 *       works; a crash before that sends them again.</li>
 *   <li>A file or folder that cannot be opened for writing (read-only file system, no permission),
 *       at start-up or later: the outbox runs without its file, counts each reading as not stored and
 *       reopens the file with each reading. Readings are not kept in memory: a box that cannot write
 *       its disk needs an operator, and the counter says how much was lost. A file we may not write is
 *       not moved aside: fixing its owner keeps what it holds.</li>
 *   <li>A damaged file (not a database, a page that does not read; found by {@code PRAGMA quick_check}
 *       at open, or by any query later): the readable readings are salvaged into a fresh file and the
 *       damaged one is moved aside ({@link Salvage}); the operation is tried again once on the fresh file.</li>
 * </ul>
 * A fault is logged once when it starts and once when it ends ({@link FaultEpisode}), never per
 * reading. Only a path that can never hold the file (a folder, a path through a file) is refused.
 *
 * <p>Inspect it with {@code sqlite3 outbox.db 'select * from readings order by seq limit 10'}.
 */
public class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String BOOT = Boot.id();

    private final Path file;
    private final String device;
    private final long capacity;
    private final FaultEpisode episode;
    private final ReadingIds ids = new ReadingIds();
    /** Null while the file cannot be opened. */
    private Connection db;
    private boolean closed;
    private Tally tally = Tally.NONE;
    private long unstoredNotYetCounted;
    /** Readings the server answered for whose removal could not be written yet, by seq. */
    private final Map<Long, Answer> unsettled = new LinkedHashMap<>();
    /** Whether readings with unsynchronized times may be waiting (checked at open and after a requeue, cleared by a correction). */
    private boolean unsyncedWaiting = true;

    /** The server's answer for one reading: accepted ({@code rejectedFor} null), or rejected for a reason. */
    private record Answer(long seq, String rejectedFor) {
    }

    /** One step of work on the open file, run inside a transaction by {@link #write} or on its own by {@link #read}. */
    @FunctionalInterface
    private interface Work<T> {
        T on(Connection db) throws SQLException;
    }

    /**
     * Loads SQLite's driver, which is slow the first time: it unpacks its native library from the jar and compares it
     * byte by byte, and the settings of a connection make a date format, cached for all of them, that loads the JDK's
     * locale data. For start-up to do beside Camel's boot; the outbox's own open loads what is not loaded yet.
     */
    public static void loadDriver() {
        try {
            SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            throw new OutboxException("SQLite's native library did not load: " + e.getMessage(), e);
        }
        new SQLiteConfig();
    }

    /**
     * Opens (or creates) the outbox file; when it cannot be opened now, the outbox starts without it
     * and keeps trying (see the class doc).
     *
     * @throws OutboxException when the path can never hold the file: it names a folder or runs through a file
     */
    public Outbox(Path file, long capacity, String device) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        OutboxFile.checkPath(file);
        this.file = file.toAbsolutePath();
        this.device = device;
        this.capacity = capacity;
        this.episode = new FaultEpisode(this.file);
        open(OptionalLong.empty());
    }

    /**
     * Stores a sample durably and returns it as a reading with its id and seq; returns null when it
     * could not be stored (a full disk, an unwritable folder), counted in {@link #unstored()}.
     */
    public synchronized Reading append(Sample sample) {
        if (db == null && !closed) {
            open(OptionalLong.empty());
        }
        long droppedBefore = tally.dropped();
        Reading stored = write("store a reading", db -> insert(db, sample));
        if (stored == null) {
            unstoredNotYetCounted++;
            episode.readingNotStored();
        } else if (tally.dropped() > droppedBefore) {
            LOG.warn("Outbox full ({} readings): dropped the {} oldest; {} dropped since the outbox was created",
                    capacity, tally.dropped() - droppedBefore, tally.dropped());
        }
        return stored;
    }

    /** The oldest readings, at most {@code max}, oldest first; none while the file cannot be read. */
    public synchronized List<Reading> oldest(int max) {
        List<Reading> rows = read("read the oldest readings", db -> select(db, max + unsettled.size()), List.of());
        return rows.stream().filter(r -> !unsettled.containsKey(r.seq())).limit(max).toList();
    }

    /** Removes readings the server accepted; returns how many were still waiting. */
    public synchronized int remove(Collection<Reading> accepted) {
        Integer removed = write("remove uploaded readings", db -> {
            int n = deleteRows(db, seqs(accepted));
            tally = tally.removed(n);
            return n;
        });
        return removed != null ? removed : holdAnswers(accepted, null);
    }

    /** Moves readings the server rejected out of the queue, keeping them in the quarantine table. */
    public synchronized void quarantine(Collection<Reading> rejected, String reason) {
        if (write("quarantine rejected readings", db -> moveToQuarantine(db, seqs(rejected), reason)) == null) {
            holdAnswers(rejected, reason);
        }
    }

    /**
     * Keeps at most {@code keep} readings in quarantine: the oldest beyond that are deleted and added to the
     * {@code quarantine-dropped} counter, in one transaction. Called after {@link #quarantine}; a crash between the
     * two leaves a few too many there until the next call.
     *
     * @return how many were dropped; 0 while the file cannot be written
     */
    public synchronized long trimQuarantine(long keep) {
        Long dropped = write("trim the quarantine", db -> {
            long n;
            try (PreparedStatement drop = db.prepareStatement("DELETE FROM quarantine WHERE seq IN"
                    + " (SELECT seq FROM quarantine ORDER BY seq DESC LIMIT -1 OFFSET ?)")) {
                drop.setLong(1, keep);
                n = drop.executeUpdate();
            }
            if (n > 0) {
                addToCounter(db, "quarantine-dropped", n);
            }
            tally = Tally.of(db);
            return n;
        });
        return dropped == null ? 0 : dropped;
    }

    /** How many quarantined readings were dropped to keep the quarantine within its bound, ever. */
    public synchronized long quarantineDropped() {
        return read("count dropped quarantined readings", db -> Tally.counter(db, "quarantine-dropped"), 0L);
    }

    /**
     * Moves quarantined readings back into the queue, oldest first, with their id and seq (so they are sent first
     * and the server still deduplicates them), as far as the queue has room: it never drops a queued reading for
     * them. One transaction.
     *
     * @return how many moved; 0 while the file cannot be written
     */
    public synchronized int requeueQuarantined() {
        long room = capacity - tally.rows();
        if (room <= 0) {
            return 0;
        }
        Integer moved = write("move quarantined readings back", db -> {
            int n;
            try (PreparedStatement copy = db.prepareStatement("INSERT OR IGNORE INTO readings (" + COLUMNS + ") SELECT "
                    + COLUMNS + " FROM quarantine ORDER BY seq LIMIT ?");
                 Statement delete = db.createStatement()) {
                copy.setLong(1, room);
                n = copy.executeUpdate();
                delete.executeUpdate("DELETE FROM quarantine WHERE EXISTS (SELECT 1 FROM readings r WHERE r.seq = quarantine.seq)");
            }
            unsyncedWaiting |= n > 0;
            tally = Tally.of(db);
            return n;
        });
        return moved == null ? 0 : moved;
    }

    /** Readings waiting to be sent. */
    public synchronized long depth() {
        return Math.max(0, tally.rows() - unsettled.size());
    }

    public long capacity() {
        return capacity;
    }

    /** Readings dropped, oldest first, because the outbox was at capacity. */
    public synchronized long dropped() {
        return tally.dropped();
    }

    public synchronized long quarantined() {
        return tally.quarantined();
    }

    /** Readings sampled while the file could not be written, and so lost. */
    public synchronized long unstored() {
        return tally.unstored() + unstoredNotYetCounted;
    }

    /** Readings lost to damage in the file (pages that no longer read), as far as could be counted. */
    public synchronized long unreadable() {
        return tally.unreadable();
    }

    /** Why readings cannot be stored now, or null when they can. */
    public synchronized String fault() {
        return episode.cause();
    }

    synchronized int synchronousMode() {
        return read("read PRAGMA synchronous", db -> {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                return rs.getInt(1);
            }
        }, -1);
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeFile();
    }

    /**
     * The one transaction helper: runs {@code work} in a write transaction, first writing down what is
     * still owed to the file (answers held in memory, readings counted as not stored). Returns what
     * {@code work} returned (never null), or null when a storage fault prevented it (see the class doc).
     *
     * @throws OutboxException for an SQL error that is no storage fault: a bug
     */
    private <T> T write(String what, Work<T> work) {
        for (int attempt = 1; db != null; attempt++) {
            Tally before = tally;
            boolean unsyncedWaitingBefore = unsyncedWaiting;
            try {
                execute("BEGIN IMMEDIATE");
                settle(db);
                T result = work.on(db);
                execute("COMMIT");
                unsettled.clear();
                unstoredNotYetCounted = 0;
                episode.healed();
                return result;
            } catch (SQLException e) {
                // what the work noted in memory is undone with its transaction, a failed COMMIT included
                tally = before;
                unsyncedWaiting = unsyncedWaitingBefore;
                rollback();
                if (!handle(what, e) || attempt > 1) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Runs {@code work} as one read; returns {@code unavailable} when a storage fault prevented it. */
    private <T> T read(String what, Work<T> work, T unavailable) {
        for (int attempt = 1; db != null; attempt++) {
            try {
                return work.on(db);
            } catch (SQLException e) {
                if (!handle(what, e) || attempt > 1) {
                    return unavailable;
                }
            }
        }
        return unavailable;
    }

    /** Deals with a failed operation; true when the file was salvaged and the operation may be tried again. */
    private boolean handle(String what, SQLException e) {
        StorageFault fault = StorageFault.of(e).orElseThrow(
                () -> new OutboxException("cannot " + what + ": " + e.getMessage(), e));
        if (fault == StorageFault.DAMAGED) {
            OptionalLong rows = OptionalLong.of(tally.rows());
            closeFile();
            return salvage(StorageFault.plain(e), rows) && open(rows);
        }
        if (fault == StorageFault.UNWRITABLE) {
            closeFile();
        }
        episode.failed(StorageFault.of(file, e, what));
        return false;
    }

    /** Opens the file, salvaging it first when it is damaged; false when it cannot be opened now. */
    private boolean open(OptionalLong knownRows) {
        try {
            try {
                db = OutboxFile.open(file);
            } catch (SQLException e) {
                if (StorageFault.of(e).orElse(null) != StorageFault.DAMAGED || !salvage(StorageFault.plain(e), knownRows)) {
                    throw e;
                }
                db = OutboxFile.open(file);
            }
            tally = Tally.of(db);
            return true;
        } catch (SQLException | IOException e) {
            closeFile();
            if (e instanceof SQLException sql && StorageFault.of(sql).isEmpty()) {
                throw new OutboxException("cannot open outbox " + file + ": " + e.getMessage(), e);
            }
            episode.failed(StorageFault.of(file, e, "open it"));
            return false;
        }
    }

    /** Replaces the damaged file by what of it reads; false (episode started) when that cannot be written now. */
    private boolean salvage(String damage, OptionalLong knownRows) {
        try {
            Salvage.Report report = Salvage.run(file, knownRows, Instant.now());
            LOG.warn("Outbox file {} was damaged ({}): moved aside to {}; {}", file, damage, report.aside(), report);
            return true;
        } catch (SQLException | IOException e) {
            Diagnosis why = StorageFault.of(file, e, "salvage it");
            episode.failed(new Diagnosis("it is damaged (" + damage + ") and cannot be salvaged now: " + why.cause(), why.fix()));
            return false;
        }
    }

    private Reading insert(Connection db, Sample sample) throws SQLException {
        String id = ids.newId();
        long seq;
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO readings (id, device, sampled_at, celsius, error, simulated, clock_synced, boot_id, mono_ns)"
                        + " VALUES (?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, id);
            insert.setString(2, device);
            insert.setString(3, sample.time().toString());
            insert.setObject(4, sample.celsius());
            insert.setString(5, sample.error());
            insert.setInt(6, sample.simulated() ? 1 : 0);
            insert.setInt(7, sample.clockSynced() ? 1 : 0);
            insert.setString(8, BOOT);
            insert.setLong(9, sample.monotonicNanos());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                seq = keys.getLong(1);
            }
        }
        long overflow = Math.max(0, tally.rows() + 1 - capacity);
        if (overflow > 0) {
            dropOldest(db, overflow);
        }
        tally = tally.stored(overflow);
        if (sample.clockSynced() && unsyncedWaiting) {
            correctUnsyncedTimes(db, sample);
        }
        unsyncedWaiting |= !sample.clockSynced();
        return new Reading(seq, id, device, sample.time(), sample.celsius(), sample.error(), sample.simulated(),
                sample.clockSynced());
    }

    /**
     * The first reading stamped by a synchronized clock fixes the times of those sampled before it in
     * this boot: their wall time is its wall time less the monotonic time between them. Readings of an
     * earlier boot cannot be placed and stay marked.
     */
    private void correctUnsyncedTimes(Connection db, Sample synced) throws SQLException {
        int corrected = 0;
        Duration shift = null;
        try (PreparedStatement q = db.prepareStatement(
                "SELECT seq, sampled_at, mono_ns FROM readings WHERE clock_synced = 0 AND boot_id = ?");
             PreparedStatement fix = db.prepareStatement("UPDATE readings SET sampled_at = ?, clock_synced = 1 WHERE seq = ?")) {
            q.setString(1, BOOT);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Instant time = synced.time().minusNanos(synced.monotonicNanos() - rs.getLong(3));
                    shift = Duration.between(Instant.parse(rs.getString(2)), time);
                    fix.setString(1, time.truncatedTo(ChronoUnit.MILLIS).toString());
                    fix.setLong(2, rs.getLong(1));
                    fix.addBatch();
                    corrected++;
                }
            }
            fix.executeBatch();
        }
        unsyncedWaiting = false;
        if (corrected > 0) {
            LOG.info("Clock synchronized: corrected the time of {} readings sampled before, by {}", corrected, shift);
        }
    }

    private static List<Reading> select(Connection db, int max) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS + " FROM readings ORDER BY seq LIMIT ?")) {
            q.setInt(1, max);
            List<Reading> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Object celsius = rs.getObject(5);
                    out.add(new Reading(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.parse(rs.getString(4)),
                            celsius == null ? null : ((Number) celsius).doubleValue(), rs.getString(6), rs.getInt(7) == 1,
                            rs.getInt(8) == 1));
                }
            }
            return out;
        }
    }

    /** Writes down, inside the current transaction, what could not be written when it happened. */
    private void settle(Connection db) throws SQLException {
        if (unstoredNotYetCounted > 0) {
            addToCounter(db, "unstored", unstoredNotYetCounted);
            tally = tally.unstored(unstoredNotYetCounted);
        }
        List<Long> accepted = new ArrayList<>();
        Map<String, List<Long>> rejected = new LinkedHashMap<>();
        for (Answer a : unsettled.values()) {
            if (a.rejectedFor() == null) {
                accepted.add(a.seq());
            } else {
                rejected.computeIfAbsent(a.rejectedFor(), k -> new ArrayList<>()).add(a.seq());
            }
        }
        tally = tally.removed(deleteRows(db, accepted));
        for (Map.Entry<String, List<Long>> r : rejected.entrySet()) {
            moveToQuarantine(db, r.getValue(), r.getKey());
        }
    }

    /** Keeps answers the file could not take in memory, out of the queue; returns how many were not held yet. */
    private int holdAnswers(Collection<Reading> readings, String rejectedFor) {
        int added = 0;
        for (Reading r : readings) {
            if (unsettled.put(r.seq(), new Answer(r.seq(), rejectedFor)) == null) {
                added++;
            }
        }
        return added;
    }

    private int moveToQuarantine(Connection db, List<Long> seqs, String reason) throws SQLException {
        try (PreparedStatement copy = db.prepareStatement("INSERT OR REPLACE INTO quarantine (" + COLUMNS
                + ", rejected_at, reason) SELECT " + COLUMNS + ", ?, ? FROM readings WHERE seq = ?")) {
            for (long seq : seqs) {
                copy.setString(1, Instant.now().toString());
                copy.setString(2, reason);
                copy.setLong(3, seq);
                copy.addBatch();
            }
            copy.executeBatch();
        }
        int moved = deleteRows(db, seqs);
        tally = tally.quarantined(moved);
        return moved;
    }

    private void dropOldest(Connection db, long n) throws SQLException {
        try (PreparedStatement drop = db.prepareStatement(
                "DELETE FROM readings WHERE seq IN (SELECT seq FROM readings ORDER BY seq LIMIT ?)")) {
            drop.setLong(1, n);
            drop.executeUpdate();
        }
        addToCounter(db, "dropped", n);
    }

    private static int deleteRows(Connection db, Collection<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return 0;
        }
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM readings WHERE seq = ?")) {
            for (long seq : seqs) {
                delete.setLong(1, seq);
                delete.addBatch();
            }
            int removed = 0;
            for (int n : delete.executeBatch()) {
                removed += Math.max(n, 0);
            }
            return removed;
        }
    }

    private static void addToCounter(Connection db, String name, long n) throws SQLException {
        try (PreparedStatement count = db.prepareStatement("INSERT INTO counters (name, value) VALUES (?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value")) {
            count.setString(1, name);
            count.setLong(2, n);
            count.executeUpdate();
        }
    }

    private static List<Long> seqs(Collection<Reading> readings) {
        return readings.stream().map(Reading::seq).toList();
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    /** Ends whatever transaction SQLite still has open; after a full disk it has often ended it itself. */
    private void rollback() {
        if (db == null) {
            return;
        }
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("nothing to roll back: {}", e.getMessage());
        }
    }

    private void closeFile() {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                LOG.warn("closing the outbox failed: {}", e.getMessage());
            }
            db = null;
        }
    }
}

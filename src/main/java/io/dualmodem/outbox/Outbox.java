package io.dualmodem.outbox;

import io.dualmodem.sensor.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

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
 * AUTOINCREMENT, whose counter is updated in the same transaction, so it is gap-free and never
 * reused, even after a crash.
 *
 * <p>Inspect it with {@code sqlite3 outbox.db 'select * from readings order by seq limit 10'}.
 */
public class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String COLUMNS = "seq, id, device, sampled_at, celsius, error, simulated";

    private final Connection db;
    private final String device;
    private final long capacity;
    private long depth;

    /**
     * Opens (or creates) the outbox file.
     *
     * @throws OutboxException when the file or its folder cannot be created, opened or read
     */
    public Outbox(Path file, long capacity, String device) {
        this.device = device;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(5000);
            db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS readings (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " id TEXT NOT NULL UNIQUE, device TEXT NOT NULL, sampled_at TEXT NOT NULL,"
                        + " celsius REAL, error TEXT, simulated INTEGER NOT NULL)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS quarantine (seq INTEGER PRIMARY KEY, id TEXT NOT NULL,"
                        + " device TEXT NOT NULL, sampled_at TEXT NOT NULL, celsius REAL, error TEXT,"
                        + " simulated INTEGER NOT NULL, rejected_at TEXT NOT NULL, reason TEXT NOT NULL)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM readings")) {
                    depth = rs.getLong(1);
                }
            }
            db.setAutoCommit(false);
        } catch (Exception e) {
            throw new OutboxException("cannot open outbox " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Stores a sample durably and returns it as a reading with its id and seq. */
    public synchronized Reading append(Sample sample) {
        String id = UUID.randomUUID().toString();
        try {
            long seq;
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO readings (id, device, sampled_at, celsius, error, simulated) VALUES (?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, id);
                insert.setString(2, device);
                insert.setString(3, sample.time().toString());
                insert.setObject(4, sample.celsius());
                insert.setString(5, sample.error());
                insert.setInt(6, sample.simulated() ? 1 : 0);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    seq = keys.getLong(1);
                }
            }
            long overflow = depth + 1 - capacity;
            if (overflow > 0) {
                dropOldest(overflow);
            }
            db.commit();
            depth += 1 - Math.max(0, overflow);
            if (overflow > 0) {
                LOG.warn("Outbox full ({} readings): dropped the {} oldest; {} dropped since the outbox was created",
                        capacity, overflow, counter("dropped"));
            }
            return new Reading(seq, id, device, sample.time(), sample.celsius(), sample.error(), sample.simulated());
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot store reading: " + e.getMessage(), e);
        }
    }

    /** The oldest readings, at most {@code max}, oldest first. */
    public synchronized List<Reading> oldest(int max) {
        try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS + " FROM readings ORDER BY seq LIMIT ?")) {
            q.setInt(1, max);
            List<Reading> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Object celsius = rs.getObject(5);
                    out.add(new Reading(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.parse(rs.getString(4)),
                            celsius == null ? null : ((Number) celsius).doubleValue(), rs.getString(6), rs.getInt(7) == 1));
                }
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot read outbox: " + e.getMessage(), e);
        }
    }

    /** Removes readings the server accepted; returns how many were still here. */
    public synchronized int remove(Collection<Reading> accepted) {
        try {
            int removed = deleteRows(accepted);
            db.commit();
            depth -= removed;
            return removed;
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot remove uploaded readings: " + e.getMessage(), e);
        }
    }

    /** Moves readings the server rejected out of the queue, keeping them in the quarantine table. */
    public synchronized void quarantine(Collection<Reading> rejected, String reason) {
        try (PreparedStatement copy = db.prepareStatement("INSERT OR REPLACE INTO quarantine (" + COLUMNS
                + ", rejected_at, reason) SELECT " + COLUMNS + ", ?, ? FROM readings WHERE seq = ?")) {
            for (Reading r : rejected) {
                copy.setString(1, Instant.now().toString());
                copy.setString(2, reason);
                copy.setLong(3, r.seq());
                copy.addBatch();
            }
            copy.executeBatch();
            int removed = deleteRows(rejected);
            db.commit();
            depth -= removed;
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot quarantine rejected readings: " + e.getMessage(), e);
        }
    }

    /**
     * Keeps at most {@code keep} readings in quarantine: the oldest beyond that are deleted and added to the
     * {@code quarantine-dropped} counter, in one transaction. Called after {@link #quarantine}; a crash between the
     * two leaves a few too many there until the next call.
     *
     * @return how many were dropped
     */
    public synchronized long trimQuarantine(long keep) {
        try (PreparedStatement drop = db.prepareStatement("DELETE FROM quarantine WHERE seq IN"
                + " (SELECT seq FROM quarantine ORDER BY seq DESC LIMIT -1 OFFSET ?)");
             PreparedStatement count = db.prepareStatement("INSERT INTO counters (name, value) VALUES ('quarantine-dropped', ?)"
                     + " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value")) {
            drop.setLong(1, keep);
            int dropped = drop.executeUpdate();
            if (dropped > 0) {
                count.setLong(1, dropped);
                count.executeUpdate();
            }
            db.commit();
            return dropped;
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot trim the quarantine: " + e.getMessage(), e);
        }
    }

    /** How many quarantined readings were dropped to keep the quarantine within its bound, ever. */
    public synchronized long quarantineDropped() {
        return counter("quarantine-dropped");
    }

    /**
     * Moves quarantined readings back into the queue, oldest first, with their id and seq (so they are sent first
     * and the server still deduplicates them), as far as the queue has room: it never drops a queued reading for
     * them. One transaction.
     *
     * @return how many moved
     */
    public synchronized int requeueQuarantined() {
        long room = capacity - depth;
        if (room <= 0) {
            return 0;
        }
        try (PreparedStatement copy = db.prepareStatement("INSERT OR IGNORE INTO readings (" + COLUMNS + ") SELECT "
                + COLUMNS + " FROM quarantine ORDER BY seq LIMIT ?");
             Statement delete = db.createStatement()) {
            copy.setLong(1, room);
            int moved = copy.executeUpdate();
            delete.executeUpdate("DELETE FROM quarantine WHERE EXISTS (SELECT 1 FROM readings r WHERE r.seq = quarantine.seq)");
            db.commit();
            depth += moved;
            return moved;
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot move quarantined readings back: " + e.getMessage(), e);
        }
    }

    public synchronized long depth() {
        return depth;
    }

    public long capacity() {
        return capacity;
    }

    synchronized int synchronousMode() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            int mode = rs.getInt(1);
            db.commit();
            return mode;
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot read PRAGMA synchronous: " + e.getMessage(), e);
        }
    }

    public synchronized long dropped() {
        return counter("dropped");
    }

    public synchronized long quarantined() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM quarantine")) {
            long n = rs.getLong(1);
            db.commit();
            return n;
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot count quarantined readings: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("closing the outbox failed: {}", e.getMessage());
        }
    }

    private void dropOldest(long n) throws SQLException {
        try (PreparedStatement drop = db.prepareStatement(
                "DELETE FROM readings WHERE seq IN (SELECT seq FROM readings ORDER BY seq LIMIT ?)");
             PreparedStatement count = db.prepareStatement("INSERT INTO counters (name, value) VALUES ('dropped', ?)"
                     + " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value")) {
            drop.setLong(1, n);
            drop.executeUpdate();
            count.setLong(1, n);
            count.executeUpdate();
        }
    }

    private int deleteRows(Collection<Reading> readings) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM readings WHERE seq = ?")) {
            for (Reading r : readings) {
                delete.setLong(1, r.seq());
                delete.addBatch();
            }
            int removed = 0;
            for (int n : delete.executeBatch()) {
                removed += Math.max(n, 0);
            }
            return removed;
        }
    }

    private long counter(String name) {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM counters WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                long value = rs.next() ? rs.getLong(1) : 0;
                db.commit();
                return value;
            }
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot read counter " + name + ": " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }
}

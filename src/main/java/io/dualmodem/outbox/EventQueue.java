package io.dualmodem.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events waiting for the server (switches, start-ups, quota warnings, status), in table {@code events} of the
 * outbox file: beside the readings, never mixed with them, on a connection of its own.
 *
 * <p><b>What survives a crash, and why.</b> The same as for readings: the file is in WAL mode with
 * {@code synchronous=FULL}, so an event whose {@link #append} returned is on the disk; an event leaves only through
 * {@link #remove} after the server accepted it, so a crash between the answer and the removal sends it again (the
 * server drops an {@code id} it has). {@code seq} comes from AUTOINCREMENT and is never reused. Beyond
 * {@code capacity} the oldest events are dropped, in the same transaction, and counted.
 *
 * <p><b>When the disk fails.</b> An event that cannot be written (a full disk, a read-only folder) waits in memory —
 * at most {@value #MEMORY} of them, oldest dropped and counted — and is written with the next append or poll; the
 * fault is logged once when it starts and once when it ends. If the readings' outbox moved a damaged file aside,
 * this queue follows it to the fresh file (events still in the damaged one are not salvaged).
 */
public final class EventQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventQueue.class);
    private static final int MEMORY = 1000;

    /** An event as stored: its JSON {@code body} holds the fields of its type. */
    public record Stored(long seq, String id, String type, String time, String body) {
    }

    private record Pending(String id, String type, String time, String body) {
    }

    private final Path file;
    private final long capacity;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private Connection db;
    private Object openedFile;
    private long depth;
    private long dropped;
    private String fault;

    public EventQueue(Path file, long capacity) {
        this.file = file.toAbsolutePath();
        this.capacity = capacity;
        usable();
    }

    /** Stores an event; when the file cannot be written now it waits in memory (see the class doc). */
    public synchronized void append(String id, String type, String time, String body) {
        if (pending.size() == MEMORY) {
            pending.removeFirst();
            dropped++;
        }
        pending.addLast(new Pending(id, type, time, body));
        flush();
    }

    /** The oldest stored events, at most {@code max}, oldest first; none while the file cannot be read. */
    public synchronized List<Stored> oldest(int max) {
        flush();
        List<Stored> out = new ArrayList<>();
        if (!usable()) {
            return out;
        }
        try (PreparedStatement select = db.prepareStatement(
                "SELECT seq, id, type, at, body FROM events ORDER BY seq LIMIT ?")) {
            select.setInt(1, max);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            healed();
        } catch (SQLException e) {
            failed("read events", e);
        }
        return out;
    }

    /** Removes events the server accepted. */
    public synchronized void remove(Collection<Stored> accepted) {
        if (!usable()) {
            return;
        }
        try {
            inTransaction(() -> {
                try (PreparedStatement delete = db.prepareStatement("DELETE FROM events WHERE seq = ?")) {
                    for (Stored event : accepted) {
                        delete.setLong(1, event.seq());
                        delete.addBatch();
                    }
                    delete.executeBatch();
                }
            });
            healed();
        } catch (SQLException e) {
            failed("remove sent events", e); // they are sent again: the server drops ids it has
        }
    }

    /** Events waiting: stored and in memory. */
    public synchronized long depth() {
        return depth + pending.size();
    }

    /** Events dropped, oldest first, to stay within the capacity (or the memory bound while the disk failed). */
    public synchronized long dropped() {
        return dropped;
    }

    /** Why events cannot be stored now, or null. */
    public synchronized String fault() {
        return fault;
    }

    @Override
    public synchronized void close() {
        closeFile();
    }

    private void flush() {
        if (pending.isEmpty() || !usable()) {
            return;
        }
        try {
            inTransaction(() -> {
                try (PreparedStatement insert = db.prepareStatement(
                        "INSERT OR IGNORE INTO events (id, type, at, body) VALUES (?, ?, ?, ?)")) {
                    for (Pending e : pending) {
                        insert.setString(1, e.id());
                        insert.setString(2, e.type());
                        insert.setString(3, e.time());
                        insert.setString(4, e.body());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement trim = db.prepareStatement("DELETE FROM events WHERE seq IN"
                        + " (SELECT seq FROM events ORDER BY seq DESC LIMIT -1 OFFSET ?)")) {
                    trim.setLong(1, capacity);
                    long n = trim.executeUpdate();
                    if (n > 0) {
                        dropped += n;
                        LOG.warn("Event queue full ({} events): dropped the {} oldest", capacity, n);
                    }
                }
            });
            pending.clear();
            healed();
        } catch (SQLException e) {
            failed("store events", e);
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                work.run();
                s.execute("COMMIT");
            } catch (SQLException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException alreadyRolledBack) {
                    // SQLite rolled back by itself (a full disk): nothing left to undo
                }
                throw e;
            }
        }
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
            depth = rs.getLong(1);
        }
    }

    /** Whether the file is open, opening it (again) when it is not or when it was replaced by a fresh one. */
    private boolean usable() {
        Object now = fileKey();
        if (db != null && Objects.equals(now, openedFile)) {
            return true;
        }
        closeFile();
        try {
            db = OutboxFile.open(file);
            try (Statement s = db.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL)");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
                    depth = rs.getLong(1);
                }
            }
            openedFile = fileKey();
            return true;
        } catch (SQLException | IOException e) {
            failed("open the event queue", e);
            closeFile();
            return false;
        }
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private void failed(String what, Exception e) {
        String cause = "cannot " + what + " in " + file + ": " + e.getMessage();
        if (fault == null) {
            LOG.warn("{}; events wait in memory (at most {}) and are written when it works again", cause, MEMORY);
        }
        fault = cause;
        if (e instanceof SQLException) {
            closeFile(); // reopened with the next event or poll
        }
    }

    private void healed() {
        if (fault != null) {
            LOG.info("Event queue in {} works again", file);
        }
        fault = null;
    }

    private void closeFile() {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                LOG.debug("closing the event queue: {}", e.toString());
            }
        }
        db = null;
        openedFile = null;
    }
}

package io.dualmodem.outbox;

import io.dualmodem.storage.FilePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The outbox's SQLite file: its schema, and opening it only when it reads as a database. The
 * connection stays in the driver's auto-commit mode: {@link Outbox} issues {@code BEGIN} and
 * {@code COMMIT} itself, because the driver's own {@code rollback()} leaves the connection outside
 * any transaction after SQLite rolled back by itself (on a full disk).
 */
final class OutboxFile {

    /** Where a salvage is built before it replaces the damaged file. */
    static final String SALVAGE_SUFFIX = ".salvage";
    /** SQLite's files beside the database, which belong to it. */
    static final String[] COMPANIONS = {"-wal", "-shm", "-journal"};
    /** A reading's columns, the same in {@code readings} and {@code quarantine}. */
    static final String COLUMNS = "seq, id, device, sampled_at, celsius, error, simulated, clock_synced, boot_id, mono_ns";
    /** The same read from a table that has no clock columns yet: its readings count as synchronized. */
    static final String COLUMNS_BEFORE_CLOCK = "seq, id, device, sampled_at, celsius, error, simulated, 1, NULL, NULL";

    private OutboxFile() {
    }

    /**
     * Refuses a path that can never hold the outbox, whatever happens on the disk: one that names a
     * folder, or runs through a file.
     *
     * @throws OutboxException naming the path and what is wrong with it
     */
    static void checkPath(Path file) {
        FilePath.problem(file).ifPresent(problem -> {
            throw new OutboxException("cannot open outbox " + file.toAbsolutePath() + ": " + problem, null);
        });
    }

    /**
     * Opens the file for the queue, creating it and its folder when missing and adopting a salvage a crash
     * left behind; checks it with {@code PRAGMA quick_check} before writing anything to it.
     *
     * @throws SQLException classified by {@link StorageFault}; {@code SQLITE_CORRUPT} when the check finds damage
     * @throws IOException when the folder cannot be created
     */
    static Connection open(Path file) throws SQLException, IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path salvage = file.resolveSibling(file.getFileName() + SALVAGE_SUFFIX);
        if (!Files.exists(file) && Files.exists(salvage)) {
            Files.move(salvage, file, StandardCopyOption.ATOMIC_MOVE);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5000);
        Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            quickCheck(db);
            createSchema(db);
            return db;
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    /** Opens a damaged file for reading only: nothing done to it can make it worse. */
    static Connection openReadOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            // else SQLite refuses every query on a file shorter than its header says (a truncated copy)
            s.execute("PRAGMA writable_schema = ON");
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }

    static void createSchema(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS readings (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " id TEXT NOT NULL UNIQUE, device TEXT NOT NULL, sampled_at TEXT NOT NULL,"
                    + " celsius REAL, error TEXT, simulated INTEGER NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS quarantine (seq INTEGER PRIMARY KEY, id TEXT NOT NULL,"
                    + " device TEXT NOT NULL, sampled_at TEXT NOT NULL, celsius REAL, error TEXT,"
                    + " simulated INTEGER NOT NULL, rejected_at TEXT NOT NULL, reason TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            addClockColumns(db, s, "readings");
            addClockColumns(db, s, "quarantine");
        }
    }

    /**
     * Whether the clock was synchronized when a reading was sampled, and the boot and monotonic time
     * it was sampled at, so that its time can be corrected once the clock is, also after a stay in
     * quarantine (files from before these columns get them, every old reading counting as synchronized).
     */
    private static void addClockColumns(Connection db, Statement s, String table) throws SQLException {
        if (!hasClockColumns(db, table)) {
            s.executeUpdate("ALTER TABLE " + table + " ADD COLUMN clock_synced INTEGER NOT NULL DEFAULT 1");
            s.executeUpdate("ALTER TABLE " + table + " ADD COLUMN boot_id TEXT");
            s.executeUpdate("ALTER TABLE " + table + " ADD COLUMN mono_ns INTEGER");
        }
    }

    static boolean hasClockColumns(Connection db, String table) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = 'clock_synced'")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                return rs.getInt(1) > 0;
            }
        }
    }

    private static void quickCheck(Connection db) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(3)")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        }
        if (!problems.equals(List.of("ok"))) {
            throw new SQLiteException("quick_check: " + String.join("; ", problems), SQLiteErrorCode.SQLITE_CORRUPT);
        }
    }
}

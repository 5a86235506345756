package io.dualmodem.outbox;

import static io.dualmodem.outbox.OutboxFile.COLUMNS;

import io.dualmodem.storage.DamagedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.sqlite.SQLiteConfig;

/**
 * Rebuilds a damaged outbox file: copies every reading that can still be read, keeping its seq, id,
 * sampling time and whether the clock was synchronized then, into a fresh file, moves the damaged file
 * aside and puts the fresh one in its place.
 *
 * <p>Readings are copied in seq order. Where a read fails (a bad page), the copy looks for the next
 * seq it can read again, doubling its step and then halving it, so a bad page costs the rows on it
 * and a few dozen queries, and the rows after it are kept.
 *
 * <p><b>Crash semantics.</b> The fresh file is built and committed beside the damaged one
 * ({@code outbox.db.salvage}) before anything is renamed; then the damaged file (with its
 * {@code -wal}) is renamed aside and the fresh one renamed into place. A crash before the first
 * rename leaves the damaged file where it was, and the salvage runs again at the next open; a crash
 * between the renames leaves {@code outbox.db.salvage} alone, which the next open adopts. Only files
 * this class made itself are ever deleted.
 */
final class Salvage {

    /** What a salvage kept and lost; {@code unreadable} is -1 when the damaged file could not even be counted. */
    record Report(Path aside, long salvaged, long unreadable, List<String> unreadableSeqs) {

        @Override
        public String toString() {
            return salvaged + " readings salvaged into a fresh file, "
                    + (unreadable < 0 ? "an unknown number" : Long.toString(unreadable)) + " unreadable"
                    + (unreadableSeqs.isEmpty() ? "" : " (seq " + String.join(", ", unreadableSeqs) + ")");
        }
    }

    private static final long NO_MORE = Long.MAX_VALUE / 4;

    private final Connection from;
    private final Connection to;
    /** The columns to read a reading with from the damaged file's tables, which may be from before the clock columns. */
    private final String readingColumns;
    private final String quarantineColumns;
    private final PreparedStatement insert;
    private final List<String> windows = new ArrayList<>();
    private long copied;
    private long highestCopied;

    private Salvage(Connection from, Connection to) throws SQLException {
        this.from = from;
        this.to = to;
        this.readingColumns = columnsIn(from, "readings");
        this.quarantineColumns = columnsIn(from, "quarantine");
        this.insert = to.prepareStatement("INSERT OR IGNORE INTO readings (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)");
    }

    private static String columnsIn(Connection from, String table) {
        try {
            return OutboxFile.hasClockColumns(from, table) ? COLUMNS : OutboxFile.COLUMNS_BEFORE_CLOCK;
        } catch (SQLException e) {
            return COLUMNS; // its schema does not read, so neither will its rows
        }
    }

    /**
     * Salvages {@code file} in place of itself.
     *
     * @param knownRows how many readings the file held, when the caller knows (the open outbox does)
     * @throws SQLException or IOException when the fresh file cannot be written (a full disk); nothing was renamed then
     */
    static Report run(Path file, OptionalLong knownRows, Instant now) throws SQLException, IOException {
        Path fresh = file.resolveSibling(file.getFileName() + OutboxFile.SALVAGE_SUFFIX);
        Path source = file.resolveSibling(file.getFileName() + ".salvage-source");
        deleteWithCompanions(fresh);
        deleteWithCompanions(source);
        long salvaged;
        long counted;
        List<String> windows;
        try (Connection from = OutboxFile.openReadOnly(wholePages(file, source)); Connection to = createFresh(fresh)) {
            Salvage salvage = new Salvage(from, to);
            try (Statement s = to.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                long highest = salvage.copyReadings();
                salvage.copyTheRest(highest);
                counted = salvage.count().orElse(knownRows.orElse(-1));
                if (counted > salvage.copied) {
                    salvage.addToCounter("unreadable", counted - salvage.copied);
                }
                s.execute("COMMIT");
            }
            salvaged = salvage.copied;
            windows = salvage.windows;
        } finally {
            deleteWithCompanions(source);
        }
        Path aside = DamagedFile.moveAside(file, now, OutboxFile.COMPANIONS);
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
        return new Report(aside, salvaged, counted < 0 ? -1 : Math.max(0, counted - salvaged), windows);
    }

    /**
     * The file itself, or, when it ends inside a page (a copy cut short), a copy without that last part:
     * SQLite reads the missing bytes of a page as zeros, so a row on it can read as valid with wrong
     * values (0.0 °C), while a page missing whole fails to read.
     */
    private static Path wholePages(Path file, Path copy) throws IOException {
        long size = Files.size(file);
        int pageSize = pageSize(file);
        if (pageSize == 0 || size % pageSize == 0) {
            return file;
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.transferTo(0, size - size % pageSize, out);
        }
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (Files.exists(wal)) {
            Files.copy(wal, copy.resolveSibling(copy.getFileName() + "-wal"));
        }
        return copy;
    }

    /** The page size the header declares, or 0 when the header does not read as SQLite's. */
    private static int pageSize(Path file) throws IOException {
        byte[] header = new byte[18];
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (in.read(ByteBuffer.wrap(header), 0) < header.length
                    || !new String(header, 0, 15, StandardCharsets.US_ASCII).equals("SQLite format 3")) {
                return 0;
            }
        }
        int size = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        return size == 1 ? 65536 : size;
    }

    /** Deletes a file this class made itself (never the damaged one) and SQLite's files beside it. */
    private static void deleteWithCompanions(Path own) throws IOException {
        Files.deleteIfExists(own);
        for (String suffix : OutboxFile.COMPANIONS) {
            Files.deleteIfExists(own.resolveSibling(own.getFileName() + suffix));
        }
    }

    private static Connection createFresh(Path fresh) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        Connection to = config.createConnection("jdbc:sqlite:" + fresh.toAbsolutePath());
        OutboxFile.createSchema(to);
        return to;
    }

    /** Copies the readable readings; returns the highest seq ever handed out, as far as the damaged file tells. */
    private long copyReadings() throws SQLException {
        OptionalLong recorded = firstReadable("SELECT seq FROM sqlite_sequence WHERE name = 'readings'",
                "SELECT max(seq) FROM readings");
        long highest = recorded.orElse(NO_MORE);
        long after = 0;
        while (!copyAfter(after)) {
            long failedAt = Math.max(after, highestCopied);
            long resume = nextReadableAfter(failedAt, highest);
            long last = resume != NO_MORE ? resume : recorded.orElse(NO_MORE);
            windows.add((failedAt + 1) + ".." + (last == NO_MORE ? "end" : Long.toString(last)));
            if (resume == NO_MORE) {
                break;
            }
            after = resume;
        }
        return Math.max(recorded.orElse(0), highestCopied);
    }

    /** Copies rows in seq order from the one after {@code after}; true when it reached the end, false when one did not read. */
    private boolean copyAfter(long after) throws SQLException {
        try (PreparedStatement q = from.prepareStatement("SELECT " + readingColumns + " FROM readings WHERE seq > ? ORDER BY seq")) {
            q.setLong(1, after);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Object[] row = readingAt(rs);
                    if (row == null) {
                        return false;
                    }
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    copied += insert.executeUpdate();
                    highestCopied = (Long) row[0];
                }
            }
            return true;
        } catch (SQLException e) {
            if (StorageFault.of(e).orElse(null) != StorageFault.DAMAGED) {
                throw e;
            }
            return false;
        }
    }

    /** The reading under the cursor as column values, or null when what was read is not one (a damaged cell reads as anything). */
    private static Object[] readingAt(ResultSet rs) throws SQLException {
        Object[] row = {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5), rs.getString(6),
                rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getObject(10)};
        if (row[1] == null || row[2] == null || row[3] == null) {
            return null;
        }
        try {
            Instant.parse((String) row[3]);
        } catch (DateTimeParseException e) {
            return null;
        }
        return row;
    }

    /**
     * The smallest x above {@code failedAt} after which rows read again: doubling steps find such a point,
     * halving steps find the first. {@link #NO_MORE} when nothing up to {@code highest} reads.
     */
    private long nextReadableAfter(long failedAt, long highest) {
        long bad = failedAt;
        long good;
        for (long step = 1; ; step *= 2) {
            long x = failedAt + step;
            if (x >= highest || step > NO_MORE) {
                return NO_MORE;
            }
            if (readsAfter(x)) {
                good = x;
                break;
            }
            bad = x;
        }
        while (good - bad > 1) {
            long mid = bad + (good - bad) / 2;
            if (readsAfter(mid)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    /** Whether the first row after {@code x} is a reading that reads, or there is none. */
    private boolean readsAfter(long x) {
        try (PreparedStatement q = from.prepareStatement("SELECT " + readingColumns + " FROM readings WHERE seq > ? ORDER BY seq LIMIT 1")) {
            q.setLong(1, x);
            try (ResultSet rs = q.executeQuery()) {
                return !rs.next() || readingAt(rs) != null;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** Counters and quarantine are copied if they read, whole; the seq counter never goes back. */
    private void copyTheRest(long highest) throws SQLException {
        try (Statement q = from.createStatement(); ResultSet rs = q.executeQuery("SELECT name, value FROM counters");
             PreparedStatement put = to.prepareStatement("INSERT INTO counters (name, value) VALUES (?, ?)")) {
            while (rs.next()) {
                put.setString(1, rs.getString(1));
                put.setLong(2, rs.getLong(2));
                put.executeUpdate();
            }
        } catch (SQLException e) {
            try (Statement clear = to.createStatement()) {
                clear.executeUpdate("DELETE FROM counters");
            }
        }
        List<Object[]> quarantined = new ArrayList<>();
        try (Statement q = from.createStatement(); ResultSet rs = q.executeQuery("SELECT " + quarantineColumns
                + ", rejected_at, reason FROM quarantine")) {
            while (rs.next()) {
                Object[] row = new Object[12];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                quarantined.add(row);
            }
        } catch (SQLException e) {
            quarantined.clear();
        }
        try (PreparedStatement put = to.prepareStatement("INSERT OR IGNORE INTO quarantine (" + COLUMNS
                + ", rejected_at, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Object[] row : quarantined) {
                for (int i = 0; i < row.length; i++) {
                    put.setObject(i + 1, row[i]);
                }
                put.executeUpdate();
            }
        }
        try (Statement clear = to.createStatement();
             PreparedStatement seq = to.prepareStatement("INSERT INTO sqlite_sequence (name, seq) VALUES ('readings', ?)")) {
            clear.executeUpdate("DELETE FROM sqlite_sequence WHERE name = 'readings'");
            seq.setLong(1, highest);
            seq.executeUpdate();
        }
    }

    private OptionalLong count() {
        return firstReadable("SELECT count(*) FROM readings");
    }

    private void addToCounter(String name, long n) throws SQLException {
        try (PreparedStatement count = to.prepareStatement("INSERT INTO counters (name, value) VALUES (?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value")) {
            count.setString(1, name);
            count.setLong(2, n);
            count.executeUpdate();
        }
    }

    /** The first of these single-number queries that the damaged file answers. */
    private OptionalLong firstReadable(String... queries) {
        for (String sql : queries) {
            try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                if (rs.next() && rs.getObject(1) != null) {
                    return OptionalLong.of(rs.getLong(1));
                }
            } catch (SQLException e) {
                // the next query may read other pages
            }
        }
        return OptionalLong.empty();
    }
}

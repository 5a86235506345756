package io.dualmodem.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the outbox file holds as of its last commit, kept in memory so that {@code depth()} and the
 * JMX counters never touch the disk, and still answer while it fails.
 */
record Tally(long rows, long quarantined, long dropped, long unstored, long unreadable) {

    static final Tally NONE = new Tally(0, 0, 0, 0, 0);

    static Tally of(Connection db) throws SQLException {
        return new Tally(count(db, "readings"), count(db, "quarantine"), counter(db, "dropped"), counter(db, "unstored"),
                counter(db, "unreadable"));
    }

    Tally stored(long droppedNow) {
        return new Tally(rows + 1 - droppedNow, quarantined, dropped + droppedNow, unstored, unreadable);
    }

    Tally removed(long n) {
        return new Tally(rows - n, quarantined, dropped, unstored, unreadable);
    }

    Tally quarantined(long n) {
        return new Tally(rows - n, quarantined + n, dropped, unstored, unreadable);
    }

    Tally unstored(long n) {
        return new Tally(rows, quarantined, dropped, unstored + n, unreadable);
    }

    private static long count(Connection db, String table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rs.getLong(1);
        }
    }

    static long counter(Connection db, String name) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM counters WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}

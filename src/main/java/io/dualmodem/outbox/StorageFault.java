package io.dualmodem.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.SQLiteException;

/**
 * What an error from the disk means for the outbox, and so what heals it. Errors that are none of
 * these (a constraint, a syntax error) are bugs and are not classified.
 */
enum StorageFault {

    /** The disk is full, a write failed or another process holds the lock: retried with the next reading. */
    WRITE_FAILED,
    /** The file or its folder cannot be opened for writing (read-only, no permission): reopened with the next reading. */
    UNWRITABLE,
    /** The file is not a database or a page of it cannot be read: it is moved aside and what reads is salvaged. */
    DAMAGED;

    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;
    private static final int SQLITE_IOERR_READ = 266;
    private static final int SQLITE_IOERR_CORRUPTFS = 8458;

    static Optional<StorageFault> of(SQLException e) {
        int code = e instanceof SQLiteException s ? s.getResultCode().code : e.getErrorCode();
        if (code == SQLITE_IOERR_READ || code == SQLITE_IOERR_CORRUPTFS) {
            return Optional.of(DAMAGED); // a sector that cannot be read stays unreadable: retrying would block the queue
        }
        return switch (code & 0xFF) {
            case SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, SQLITE_LOCKED -> Optional.of(WRITE_FAILED);
            case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM -> Optional.of(UNWRITABLE);
            case SQLITE_CORRUPT, SQLITE_NOTADB -> Optional.of(DAMAGED);
            default -> Optional.empty();
        };
    }

    /** The error as an operator reads it: SQLite's own words, without the driver's prefix. */
    static String plain(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int open = message.lastIndexOf(" (");
        return open >= 0 && message.endsWith(")") ? message.substring(open + 2, message.length() - 1) : message;
    }

    /** Why a write to {@code file} failed, and what fixes it. */
    static Diagnosis writeFailed(Path file, SQLException e, String what) {
        int code = e instanceof SQLiteException s ? s.getResultCode().code : e.getErrorCode();
        if ((code & 0xFF) == SQLITE_FULL) {
            return new Diagnosis("the disk holding " + file.getParent() + " is full", "free space there");
        }
        if ((code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED) {
            return new Diagnosis("another process holds the file's write lock (" + plain(e) + ")",
                    "end whatever has it open for writing (an sqlite3 shell?)");
        }
        return new Diagnosis(plain(e) + " while trying to " + what, "check the disk and the kernel log (dmesg)");
    }

    /** Why {@code file} cannot be opened for writing, and what fixes it. */
    static Diagnosis unwritable(Path file, String error) {
        Path folder = file.toAbsolutePath().getParent();
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            if (existing != null && Files.getFileStore(existing).isReadOnly()) {
                return new Diagnosis("the file system holding " + existing + " is read-only", "remount it read-write");
            }
        } catch (IOException e) {
            // the question which file system it is has no answer: say what is known
        }
        for (Path p : new Path[] {existing, file}) {
            if (p != null && Files.exists(p) && !Files.isWritable(p)) {
                return new Diagnosis(p + " is not writable by user " + System.getProperty("user.name"),
                        "give that user write permission on it");
            }
        }
        return new Diagnosis(error, "check " + folder + " and its permissions");
    }

    /** The diagnosis of an error met while opening, writing or salvaging {@code file}. */
    static Diagnosis of(Path file, Exception e, String what) {
        if (e instanceof SQLException sql) {
            return of(sql).orElse(WRITE_FAILED) == UNWRITABLE ? unwritable(file, plain(sql)) : writeFailed(file, sql, what);
        }
        return unwritable(file, e.toString());
    }
}

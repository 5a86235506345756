package io.dualmodem.time;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the system clock has been synchronized (NTP) since boot. A Pi has no RTC: until the first
 * synchronization its clock holds what fake-hwclock saved at the last shutdown, hours or days old.
 *
 * <p>{@code kernel} (the default) asks the kernel with {@code adjtimex(2)} in read-only mode: its
 * answer is {@code TIME_ERROR} while the status bit {@code STA_UNSYNC} is set, which
 * systemd-timesyncd, chrony and ntpd clear when they first synchronize — the same bit
 * {@code timedatectl}'s "System clock synchronized" shows. {@code file:PATH} counts the clock as
 * synchronized once that file exists (systemd-timesyncd creates
 * {@code /run/systemd/timesync/synchronized}). {@code assume-synced} never marks a reading.
 */
public final class ClockSync {

    private static final Logger LOG = LoggerFactory.getLogger(ClockSync.class);
    /** adjtimex's answer while STA_UNSYNC is set. */
    private static final int TIME_ERROR = 5;

    private interface LibC extends Library {
        int adjtimex(Memory timex);
    }

    private ClockSync() {
    }

    /** The check named by the setting {@code time.sync-check}. */
    public static BooleanSupplier of(String check) {
        if (check.startsWith("file:")) {
            Path flag = Path.of(check.substring("file:".length()));
            return () -> Files.exists(flag);
        }
        if (check.equals("assume-synced")) {
            return () -> true;
        }
        return kernel();
    }

    private static BooleanSupplier kernel() {
        LibC libc;
        try {
            libc = Native.load("c", LibC.class);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Cannot ask the kernel whether the clock is synchronized ({}): readings are not marked", e.toString());
            return () -> true;
        }
        return () -> {
            try (Memory timex = new Memory(512)) {
                timex.clear(); // modes = 0: read only
                return libc.adjtimex(timex) != TIME_ERROR;
            }
        };
    }
}

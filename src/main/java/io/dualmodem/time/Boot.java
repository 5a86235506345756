package io.dualmodem.time;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This boot of the system: {@link System#nanoTime()} values are comparable only within one boot. */
public final class Boot {

    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private Boot() {
    }

    /** The kernel's id of this boot, or "unknown" where there is none. */
    public static String id() {
        try {
            return Files.readString(BOOT_ID).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}

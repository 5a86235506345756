package io.dualmodem.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Moves a damaged file out of the way under a dated name ({@code outbox.db.corrupt-20261124T153000Z}),
 * so a fresh file can take its place. It is renamed, never deleted: it may hold what an operator
 * still wants, and a rename needs no free space.
 */
public final class DamagedFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private DamagedFile() {
    }

    /**
     * Renames {@code file}, and each existing {@code file + suffix} with it (SQLite's {@code -wal}), to
     * {@code file.corrupt-STAMP}; returns the new name.
     *
     * @throws IOException when the rename fails (a read-only folder); the file is then where it was
     */
    public static Path moveAside(Path file, Instant now, String... companionSuffixes) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(now));
        for (int n = 2; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); n++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(now) + "-" + n);
        }
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        for (String suffix : companionSuffixes) {
            Path companion = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(companion)) {
                Files.move(companion, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return aside;
    }
}

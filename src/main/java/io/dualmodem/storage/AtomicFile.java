package io.dualmodem.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file as a whole: the bytes go to {@code FILE.tmp}, are fsynced, and the temporary file is
 * renamed over {@code FILE}. After a crash or power cut the file holds either the old or the new content, never
 * half of it.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /** @throws IOException when the folder cannot be made or the write fails (a full disk); {@code file} is then unchanged */
    public static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

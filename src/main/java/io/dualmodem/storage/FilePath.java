package io.dualmodem.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a path can ever hold one of the application's files: not a folder, and no file where a folder of it goes. */
public final class FilePath {

    private FilePath() {
    }

    /** Why {@code file} can never hold a file, or empty when it can (its folders may still have to be made). */
    public static Optional<String> problem(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return Optional.of(absolute + " is a folder");
        }
        for (Path p = absolute.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? Optional.empty() : Optional.of(p + " is a file, not a folder");
            }
        }
        return Optional.empty();
    }
}

package io.dualmodem.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small tmpfs mounted for a test, so storage faults happen for real: {@link #fill} writes a
 * file until the kernel answers ENOSPC, {@link #free} deletes it, {@link #readOnly} remounts it.
 * Mounting needs root: without it the calling test is skipped with the reason, unless
 * {@code REQUIRE_TESTBED=1} (CI) turns that into a failure.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path dir;
    private final Path filler;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax: "512k") on {@code dir}, creating it. */
    public static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            unavailable("mounting a tmpfs needs root");
        }
        Files.createDirectories(dir);
        String error = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        if (error != null) {
            unavailable("mount -t tmpfs failed: " + error);
        }
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a file until the file system is full; returns how many bytes it took. */
    public long fill() throws IOException {
        long written = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (written < 1L << 30) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
            return written;
        }
        throw new IllegalStateException("wrote 1 GiB without filling " + dir);
    }

    /** Gives the space back by deleting what {@link #fill} wrote. */
    public void free() throws IOException {
        Files.delete(filler);
    }

    public void readOnly() throws IOException, InterruptedException {
        remount("ro");
    }

    public void readWrite() throws IOException, InterruptedException {
        remount("rw");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // lazy: a test that failed may still hold files open there
        String error = run("umount", "-l", dir.toString());
        if (error != null) {
            throw new IOException("umount " + dir + ": " + error);
        }
    }

    private void remount(String mode) throws IOException, InterruptedException {
        String error = run("mount", "-o", "remount," + mode, dir.toString());
        if (error != null) {
            throw new IOException("remount " + mode + " " + dir + ": " + error);
        }
    }

    /** Runs a command; returns null when it worked, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : output + " (exit " + p.exitValue() + ")";
    }

    private static void unavailable(String reason) {
        if ("1".equals(System.getenv("REQUIRE_TESTBED"))) {
            Assertions.fail("REQUIRE_TESTBED=1 but a tmpfs cannot be mounted: " + reason);
        }
        Assumptions.abort("tmpfs unavailable: " + reason);
    }
}

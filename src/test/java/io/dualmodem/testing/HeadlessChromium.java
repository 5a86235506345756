package io.dualmodem.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, headless, with a fresh profile and nothing in the background (no sync, no updates, no
 * QUIC): it loads only the URL it is given. Absent, it skips the calling test, or fails it under REQUIRE_TESTBED=1
 * (CI, where {@code testbed/install-deps.sh} installs it).
 */
public final class HeadlessChromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Path profile;

    private HeadlessChromium(Path profile) {
        this.profile = profile;
    }

    public static HeadlessChromium in(Path workDir) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            String reason = BINARY + " is missing: testbed/install-deps.sh installs Debian's chromium";
            if ("1".equals(System.getenv("REQUIRE_TESTBED"))) {
                Assertions.fail("REQUIRE_TESTBED=1 but " + reason);
            }
            Assumptions.abort(reason);
        }
        return new HeadlessChromium(Files.createTempDirectory(workDir, "chromium-profile"));
    }

    /** Writes a PNG of {@code url} as drawn in a window of this size; fails naming chromium's output. */
    public void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars", url);
        Assertions.assertTrue(Files.size(png) > 1000, "chromium wrote no screenshot of " + url);
    }

    /** The document as chromium built it from {@code url} (after parsing, as a person's browser would). */
    public String dom(String url) throws IOException, InterruptedException {
        return run("--dump-dom", url);
    }

    /** Width and height from a PNG's IHDR chunk. */
    public static int[] pngSize(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            data.skipNBytes(16); // signature (8), chunk length (4), "IHDR" (4)
            return new int[] {data.readInt(), data.readInt()};
        }
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Assertions.fail("chromium did not finish in 60 s: " + command);
        }
        Assertions.assertEquals(0, p.exitValue(), "chromium failed: " + command);
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}

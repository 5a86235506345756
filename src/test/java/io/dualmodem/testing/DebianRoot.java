package io.dualmodem.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away copy of an arm64 Debian 12 root with dpkg and apt (the Pi's system, emulated with qemu-user),
 * driven through {@code testbed/deb-root.sh}: the cached root is made once with debootstrap, each copy is an
 * overlay on it. Skipped with the reason when the machine cannot make one, unless {@code REQUIRE_TESTBED=1}.
 */
public final class DebianRoot implements AutoCloseable {

    private final Path work;

    private DebianRoot(Path work) {
        this.work = work;
    }

    /** Prepares a copy in {@code work} (the first time on a machine this makes the cached root: minutes). */
    public static DebianRoot prepare(Path work) throws IOException, InterruptedException {
        unavailable().ifPresent(DebianRoot::skip);
        DebianRoot root = new DebianRoot(work);
        Result prepared = root.script(List.of("prepare", work.toString()), 60);
        if (prepared.exit() != 0) {
            root.close();
            Assertions.fail("the arm64 Debian root could not be made:\n" + prepared.output());
        }
        return root;
    }

    /** The folder seen as {@code /mnt} inside the root. */
    public Path share() {
        return work.resolve("share");
    }

    /** Runs a command as root inside the root; at most {@code minutes}. */
    public Result run(List<String> command, int minutes) throws IOException, InterruptedException {
        return script(runArgs(command), minutes);
    }

    /** The argument vector that runs a command inside the root (for a long-running process). */
    public List<String> runArgs(List<String> command) {
        List<String> args = new ArrayList<>(List.of("run", work.toString()));
        args.addAll(command);
        return args;
    }

    public List<String> scriptCommand(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Testbed.script("deb-root.sh").toString()));
        command.addAll(args);
        return command;
    }

    /** What a command printed (stdout and stderr) and its exit code. */
    public record Result(int exit, String output) {
    }

    private Result script(List<String> args, int minutes) throws IOException, InterruptedException {
        Path out = Files.createTempFile("deb-root", ".log");
        try {
            Process p = new ProcessBuilder(scriptCommand(args)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = p.waitFor(minutes, TimeUnit.MINUTES);
            if (!ended) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            return new Result(ended ? p.exitValue() : -1, ended ? output : output + "\n(timed out after " + minutes + " min)");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root (chroot, overlay and binfmt_misc mounts)");
        }
        for (String tool : List.of("/usr/sbin/debootstrap", "/usr/bin/qemu-aarch64-static", "/usr/bin/unshare")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return Optional.of(tool + " is missing: run testbed/install-deps.sh");
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test with the reason, or fails it under {@code REQUIRE_TESTBED=1} (CI). */
    public static void skip(String reason) {
        if ("1".equals(System.getenv("REQUIRE_TESTBED"))) {
            Assertions.fail("REQUIRE_TESTBED=1 but " + reason);
        }
        Assumptions.abort(reason);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script(List.of("cleanup", work.toString()), 5);
    }
}

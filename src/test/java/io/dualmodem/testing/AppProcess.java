package io.dualmodem.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The application running as its own JVM (the test classpath, {@code io.dualmodem.App}), its output captured.
 *
 * <p>Each JVM started with the shipped flags gets a {@code java.io.tmpdir} of its own, removed when the test stops
 * or closes it, as the systemd unit's {@code PrivateTmp} gives the product one: a JVM killed before its shutdown
 * hook leaves sqlite-jdbc's unpacked native library (~1 MB) there, and tests kill them on purpose.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path tmpdir;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private AppProcess(Process process) {
        this(process, null);
    }

    private AppProcess(Process process, Path tmpdir) {
        this.process = process;
        this.tmpdir = tmpdir;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process died: its output ends here
            }
        }, "app-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code io.dualmodem.App} from the test classpath with these {@code -D} properties. */
    public static AppProcess start(Map<String, String> properties) throws IOException {
        Path tmpdir = ownTmpdir();
        List<String> command = jvm(properties, tmpdir);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.dualmodem.App"));
        return new AppProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), tmpdir);
    }

    /** Runs {@code java -jar jar} in {@code workDir}, as a user does. */
    public static AppProcess startJar(Path jar, Path workDir, Map<String, String> properties) throws IOException {
        return startJar(jar, workDir, properties, Map.of());
    }

    /** Runs {@code java -jar jar} in {@code workDir} with these environment variables added. */
    public static AppProcess startJar(Path jar, Path workDir, Map<String, String> properties, Map<String, String> env)
            throws IOException {
        Path tmpdir = ownTmpdir();
        List<String> command = jvm(properties, tmpdir);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new AppProcess(builder.start(), tmpdir);
    }

    /** Runs {@code io.dualmodem.App} from the test classpath behind a launcher (e.g. the test bed's in-edge). */
    public static AppProcess startVia(Path launcher, Path workDir, Map<String, String> properties) throws IOException {
        Path tmpdir = ownTmpdir();
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(jvm(properties, tmpdir));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.dualmodem.App"));
        return new AppProcess(new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start(),
                tmpdir);
    }

    /**
     * Runs {@code launcher... JVM-FLAGS -jar jar} in {@code workDir}: a launcher that takes a JVM's
     * arguments (e.g. the emulated Pi's {@code testbed/pi/pi-java.sh ARCH DIR}, which sets the JVM's
     * {@code java.io.tmpdir} itself), the shipped flags.
     */
    public static AppProcess startJarWith(List<String> launcher, Path jar, Path workDir, Map<String, String> properties)
            throws IOException {
        List<String> command = new ArrayList<>(launcher);
        List<String> jvm = jvm(properties, null);
        command.addAll(jvm.subList(1, jvm.size()));
        command.addAll(List.of("-jar", jar.toString()));
        return new AppProcess(new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start());
    }

    /** Asks the application to stop (SIGTERM, its shutdown hook runs) and waits. */
    public void stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
        removeTmpdir();
    }

    private static Path ownTmpdir() throws IOException {
        return Files.createTempDirectory("dmt-app-tmp");
    }

    private static List<String> jvm(Map<String, String> properties, Path tmpdir) {
        // the shipped JVM flags, from the one list the README, the systemd unit and packaging use
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("deploy", "jvm.options").toAbsolutePath()));
        if (tmpdir != null) {
            command.add("-Djava.io.tmpdir=" + tmpdir);
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        return command;
    }

    /** Waits for the process to end by itself; returns its exit code, or -1 if it was still running. */
    public int waitForExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(5_000); // the last lines may still be in the pipe
        return process.exitValue();
    }
    /** Runs the application through another command line (e.g. the installed package's, in the arm64 root). */
    public static AppProcess startCommand(List<String> command) throws IOException {
        return new AppProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    public String output() {
        return String.join("\n", lines);
    }

    public List<String> lines() {
        return lines;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut for the JVM. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            kill();
        }
        removeTmpdir();
    }

    private void removeTmpdir() throws IOException {
        if (tmpdir != null && !process.isAlive()) {
            Folders.delete(tmpdir);
        }
    }
}

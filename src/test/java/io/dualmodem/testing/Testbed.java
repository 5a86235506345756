package io.dualmodem.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Drives {@code testbed/bed.sh}: real NetworkManager in a fenced network namespace with two veth
 * links for the modems (see testbed/README.md). Tests that need it are skipped with the reason
 * when the machine cannot run it, unless {@code REQUIRE_TESTBED=1} (CI) turns that into a failure.
 */
public final class Testbed implements AutoCloseable {

    public static final String SERVER = "10.200.0.10";
    public static final String ADDRESS_A = "10.200.1.2";
    public static final String ADDRESS_B = "10.200.2.2";

    private final Process process;
    private final BufferedReader replies;
    private final Writer commands;
    private final Path workDir;
    private final String pid;

    private Testbed(Process process, Path workDir) throws IOException {
        this.process = process;
        this.workDir = workDir;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String ready = replies.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IllegalStateException("test bed did not start: " + ready + "\n" + Files.readString(
                    workDir.resolve("bed.log")));
        }
        this.pid = ready.replaceAll(".*pid=(\\d+).*", "$1");
    }

    /** Starts a bed, or skips (fails under REQUIRE_TESTBED=1) the calling test with the reason it cannot. */
    public static Testbed start(Path workDir) throws IOException {
        Optional<String> missing = unavailable();
        if (missing.isPresent()) {
            if ("1".equals(System.getenv("REQUIRE_TESTBED"))) {
                Assertions.fail("REQUIRE_TESTBED=1 but the test bed cannot run: " + missing.get());
            }
            Assumptions.abort("test bed unavailable: " + missing.get());
        }
        Process p = new ProcessBuilder(script("bed.sh").toString(), workDir.toString())
                .redirectError(workDir.resolve("bed.log").toFile()).start();
        return new Testbed(p, workDir);
    }

    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root (network namespaces)");
        }
        for (String tool : List.of("/usr/sbin/NetworkManager", "/usr/bin/nmcli", "/usr/bin/dbus-daemon", "/usr/sbin/nft",
                "/usr/bin/unshare", "/usr/bin/nsenter")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return Optional.of(tool + " is missing: run testbed/install-deps.sh");
            }
        }
        return Optional.empty();
    }

    /**
     * The application's settings for a run in this bed's edge namespace: a profile per veth "modem"
     * (type ethernet, the bed's addresses), the bed's receiver as the server, and the short timings of
     * the scenarios (1 s probes and samples, 20 s hold-down). Outbox and state file go in {@code dir}.
     */
    public static Map<String, String> appSettings(Path dir) {
        Map<String, String> p = new HashMap<>();
        p.put("modem.network", "nmcli");
        p.put("device.id", "bed-pi");
        p.put("outbox.path", dir.resolve("outbox.db").toString());
        p.put("modem.state-file", dir.resolve("modem-state.json").toString());
        p.put("modem.data-use-file", dir.resolve("data-use.json").toString());
        for (String m : List.of("a", "b")) {
            int net = m.equals("a") ? 1 : 2;
            p.put("modem." + m + ".profile", "modem-" + m);
            p.put("modem." + m + ".profile-type", "ethernet");
            p.put("modem." + m + ".ifname", "modem" + m.toUpperCase());
            p.put("modem." + m + ".settings", "ipv4.method manual ipv4.addresses 10.200." + net + ".2/24 ipv4.gateway 10.200."
                    + net + ".1 ipv4.route-metric " + (100 * net) + " ipv6.method disabled");
        }
        p.put("uplink.url", "http://" + SERVER + ":8080/readings");
        p.put("sensor.interval", "1s");
        p.put("uplink.poll-interval", "500ms");
        p.put("uplink.retry-initial", "500ms");
        p.put("uplink.retry-max", "2s");
        p.put("uplink.connect-timeout", "2s");
        p.put("uplink.response-timeout", "3s");
        p.put("uplink.breaker-open-seconds", "2");
        p.put("link.hold-down", "20s");
        p.put("link.probe-suspect-interval", "1s");
        p.put("link.probe-timeout", "1s");
        p.put("link.watch-interval", "500ms");
        p.put("link.both-down-backoff", "5s");
        p.put("link.max-both-down-backoff", "20s");
        p.put("link.board-fail-hold", "60s");
        p.put("modem.device-timeout", "10s");
        p.put("modem.activation-timeout", "20s");
        return p;
    }

    public static Path script(String name) {
        return Path.of(System.getProperty("user.dir"), "testbed", name);
    }

    /** The nmcli wrapper that talks to this bed's NetworkManager. */
    public Path nmcli() {
        return workDir.resolve("bin/nmcli");
    }

    /** The wrapper that runs a command inside the bed's edge namespace (the Pi). */
    public Path inEdge() {
        return workDir.resolve("bin/in-edge");
    }

    public String pid() {
        return pid;
    }

    /** Sends one command line and returns the reply; fails the test on {@code ERR}. */
    public synchronized String command(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
        String reply = replies.readLine();
        if (reply == null || !reply.startsWith("OK")) {
            throw new IllegalStateException("bed: " + line + " -> " + reply);
        }
        return reply;
    }

    /** Runs argv in edge; returns its output (stdout and stderr). */
    public String exec(String argv) throws IOException {
        String[] reply = command("exec-edge " + argv).split(" ");
        String output = reply.length > 2 && !reply[2].equals("-")
                ? new String(Base64.getDecoder().decode(reply[2]), StandardCharsets.UTF_8) : "";
        return "exit=" + reply[1] + "\n" + output;
    }

    @Override
    public void close() throws Exception {
        try {
            command("quit");
        } catch (IOException | IllegalStateException e) {
            // the bed may be gone already; its parent-death handling cleans up
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package io.dualmodem;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppProcess;
import io.dualmodem.testing.DebianRoot;
import io.dualmodem.testing.DebianRoot.Result;
import io.dualmodem.testing.RecordingServer;
import io.dualmodem.testing.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package that {@code mvn package} builds: its contents and control files, lintian's verdict, and
 * the README's one command, {@code apt install ./dual-modem-telemetry_*.deb}, on an arm64 Debian 12 root.
 */
class DebianPackageIT {

    private static final String UNIT = "/lib/systemd/system/dual-modem-telemetry.service";
    private static final String CDS_UNIT = "/lib/systemd/system/dual-modem-telemetry-cds.service";
    private static final String JVM_OPTIONS = "/etc/dual-modem-telemetry/jvm.options";
    private static final String ARCHIVE = "/var/lib/dual-modem-telemetry/dual-modem-telemetry.jsa";
    private static final String SETTINGS = "/etc/dual-modem-telemetry/application.properties";
    private static final List<String> ROUTES = App.PACKAGED_ROUTES.stream().map(r -> "/etc/dual-modem-telemetry/routes/" + r).toList();
    private static final String SAMPLE_ROUTE = "/etc/dual-modem-telemetry/routes/sample.camel.yaml";
    /**
     * Lintian tags accepted, and why. package-supports-alternative-init-but-no-init.d-script (info): the service needs
     * systemd (StateDirectory, the sandbox), which Raspberry Pi OS and Debian run; there is no sysvinit script.
     */
    private static final Set<String> ACCEPTED_LINTIAN_TAGS = Set.of("package-supports-alternative-init-but-no-init.d-script");

    private static Path deb;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findPackage() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("app.deb.dir")))) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("dual-modem-telemetry_.*_all\\.deb")).toList();
            assertEquals(1, debs.size(), "one package in target/: " + debs);
            deb = debs.get(0);
        }
    }

    @Test
    void holdsTheJarSettingsRoutesUnitAndPolkitRuleWithTheirOwnersAndModes() throws Exception {
        Set<String> entries = new TreeSet<>();
        for (String line : tool("dpkg-deb", "--contents", deb.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (!f[0].startsWith("d")) { // mode, owner/group, path: directories are implied by their files
                entries.add(f[0] + " " + f[1] + " " + f[f.length - 1]);
            }
        }
        Set<String> expected = new TreeSet<>(List.of(
                "-rw-r--r-- root/root ./usr/share/dual-modem-telemetry/dual-modem-telemetry.jar",
                "-rw-r--r-- root/root ./usr/share/dual-modem-telemetry/cds-training.options",
                "-rw-r--r-- root/root ./etc/dual-modem-telemetry/application.properties",
                "-rw-r--r-- root/root ." + JVM_OPTIONS,
                "-rw-r--r-- root/root ." + UNIT,
                "-rw-r--r-- root/root ." + CDS_UNIT,
                "-rw-r--r-- root/root ./usr/share/polkit-1/rules.d/50-dual-modem-telemetry.rules",
                "-rw-r--r-- root/root ./usr/share/doc/dual-modem-telemetry/copyright",
                "-rw-r--r-- root/root ./usr/share/doc/dual-modem-telemetry/changelog.gz",
                "-rw-r--r-- root/root ./usr/share/doc/dual-modem-telemetry/README.md",
                "-rw-r--r-- root/root ./usr/share/doc/dual-modem-telemetry/application.properties"));
        ROUTES.forEach(r -> expected.add("-rw-r--r-- root/root ." + r));
        assertEquals(expected, entries);

        Path extracted = tmp.resolve("data");
        tool("dpkg-deb", "--extract", deb.toString(), extracted.toString());
        for (String[] source : new String[][] {{"deploy/dual-modem-telemetry.service", UNIT},
                {"deploy/dual-modem-telemetry-cds.service", CDS_UNIT}, {"deploy/jvm.options", JVM_OPTIONS},
                {"deploy/50-dual-modem-telemetry.rules", "/usr/share/polkit-1/rules.d/50-dual-modem-telemetry.rules"},
                {"routes/sample.camel.yaml", SAMPLE_ROUTE}}) {
            assertEquals(Files.readString(Path.of(source[0])), Files.readString(extracted.resolve(source[1].substring(1))),
                    source[1] + " is " + source[0]);
        }
    }

    @Test
    void controlFieldsConffilesAndMaintainerScripts() throws Exception {
        String version = System.getProperty("app.version").replace("-SNAPSHOT", "~SNAPSHOT");
        assertEquals("dual-modem-telemetry_" + version + "_all.deb", deb.getFileName().toString());
        String fields = tool("dpkg-deb", "--field", deb.toString(), "Package", "Version", "Architecture", "Depends");
        assertEquals(String.join("\n", "Package: dual-modem-telemetry", "Version: " + version, "Architecture: all",
                "Depends: openjdk-17-jre-headless | java17-runtime-headless, adduser"), fields.trim());

        Path control = tmp.resolve("control");
        tool("dpkg-deb", "--control", deb.toString(), control.toString());
        List<String> conffiles = new ArrayList<>(List.of(SETTINGS, JVM_OPTIONS));
        conffiles.addAll(ROUTES);
        assertEquals(new TreeSet<>(conffiles), new TreeSet<>(Files.readAllLines(control.resolve("conffiles"))));
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(Files.isExecutable(control.resolve(script)), script);
            tool("sh", "-n", control.resolve(script).toString());
        }
    }

    @Test
    void lintianFindsNothingButTheAcceptedInfoTag() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/lintian"))) {
            DebianRoot.skip("/usr/bin/lintian is missing: run testbed/install-deps.sh");
        }
        // lintian leaves two temporary files (its cache of ELF facts) behind: in this test's folder, they go with it
        Result lintian = runTool(List.of("lintian", "--display-info", "--pedantic", deb.toString()), Map.of("TMPDIR", tmp.toString()));
        Set<String> tags = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([EWIPX]): dual-modem-telemetry: (\\S+)").matcher(lintian.output());
        while (m.find()) {
            tags.add(m.group(2));
        }
        System.out.println("lintian tags: " + tags);
        assertEquals(0, lintian.exit(), lintian.output());
        assertTrue(ACCEPTED_LINTIAN_TAGS.containsAll(tags), lintian.output());
    }

    /** Debian's polkitd, asked as NetworkManager asks it when nmcli runs as a user, with the packaged rule added. */
    @Test
    void polkitLetsTelemetryDoWhatNmcliNeedsAndNoOneElse() throws Exception {
        for (String tool : List.of("/usr/lib/polkit-1/polkitd", "/usr/bin/pkcheck", "/usr/bin/dbus-daemon")) {
            if (!Files.isExecutable(Path.of(tool))) {
                DebianRoot.skip(tool + " is missing: run testbed/install-deps.sh");
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            DebianRoot.skip("needs root (bind mounts in a private mount namespace)");
        }
        Path extracted = tmp.resolve("data");
        tool("dpkg-deb", "--extract", deb.toString(), extracted.toString());
        String rule = extracted.resolve("usr/share/polkit-1/rules.d/50-dual-modem-telemetry.rules").toString();
        String nm = "org.freedesktop.NetworkManager.";
        Result telemetry = runTool(List.of(Testbed.script("polkit-check.sh").toString(), rule, "telemetry",
                nm + "network-control", nm + "settings.modify.system", nm + "enable-disable-network", nm + "settings.modify.hostname"));
        assertEquals(0, telemetry.exit(), telemetry.output());
        // 1: not authorized; 2: only with an administrator's password (polkit's default for these actions)
        assertEquals(List.of("0", "0", "1", "2"), exitCodes(telemetry.output()), telemetry.output());
        Result nobody = runTool(List.of(Testbed.script("polkit-check.sh").toString(), rule, "nobody",
                nm + "network-control", nm + "settings.modify.system"));
        assertEquals(0, nobody.exit(), nobody.output());
        assertEquals(List.of("2", "2"), exitCodes(nobody.output()), "authentication required, as without the rule: " + nobody.output());
    }

    private static List<String> exitCodes(String polkitCheck) {
        return polkitCheck.lines().map(l -> l.split(" ")).filter(f -> f.length >= 3 && f[1].startsWith("org.")).map(f -> f[2]).toList();
    }

    /**
     * {@code apt install ./…} on arm64 Debian 12: the user, groups, files, conffiles and the enabled unit; the application
     * started as the unit starts it, reading the settings and routes in /etc; an upgrade keeps edited settings; a purge
     * deletes /etc and keeps the readings in /var/lib; an upgrade of the package or of Java deletes the AppCDS archive.
     * The README's command, but without the recommended NetworkManager
     * and polkit: nothing here needs them, and emulated, they would double the time to make the root.
     */
    @Test
    void installsOnArm64DebianAsTheReadmeSays() throws Exception {
        try (DebianRoot root = DebianRoot.prepare(tmp.resolve("root"))) {
            Files.copy(deb, root.share().resolve(deb.getFileName()));
            String install = "cd /mnt && apt install -y --no-install-recommends ./dual-modem-telemetry_*.deb";
            long started = System.nanoTime();
            Result installed = inRoot(root, install);
            long installSeconds = (System.nanoTime() - started) / 1_000_000_000;
            assertEquals(0, installed.exit(), installed.output());

            String[] passwd = inRoot(root, "getent passwd telemetry").output().trim().split(":");
            assertEquals("/var/lib/dual-modem-telemetry", passwd[5]);
            assertEquals("/usr/sbin/nologin", passwd[6]);
            assertTrue(Integer.parseInt(passwd[2]) < 1000, "a system user: " + Arrays.toString(passwd));
            assertEquals(Set.of("telemetry", "gpio", "i2c", "netdev"),
                    Set.of(inRoot(root, "id -nG telemetry").output().trim().split(" ")));
            assertEquals("installed " + deb.getFileName().toString().split("_")[1],
                    inRoot(root, "dpkg-query -W -f='${db:Status-Status} ${Version}' dual-modem-telemetry").output().trim());
            assertEquals("-rw-r----- root telemetry " + SETTINGS, stat(root, SETTINGS), "settings may hold passwords");
            assertEquals("-rw-r--r-- root root " + SAMPLE_ROUTE, stat(root, SAMPLE_ROUTE));
            assertEquals(UNIT, inRoot(root, "readlink /etc/systemd/system/multi-user.target.wants/dual-modem-telemetry.service")
                    .output().trim(), "enabled");
            Result verify = inRoot(root, "systemd-analyze verify " + UNIT + " " + CDS_UNIT);
            assertEquals(0, verify.exit(), verify.output());
            assertTrue(verify.output().isBlank(), verify.output());
            Result security = inRoot(root, "systemd-analyze security --offline=yes dual-modem-telemetry.service");
            Matcher exposure = Pattern.compile("Overall exposure level for dual-modem-telemetry.service: (\\S+) (\\S+)")
                    .matcher(security.output());
            assertTrue(exposure.find(), security.output());
            System.out.println("systemd-analyze security: exposure " + exposure.group(1) + " " + exposure.group(2));
            assertTrue(Set.of("SAFE", "OK").contains(exposure.group(2)), security.output());

            long runSeconds = runsAsTheUnitsStartIt(root);

            started = System.nanoTime();
            Result upgraded = inRoot(root, install.replace("install -y", "install -y --reinstall"));
            assertEquals(0, upgraded.exit(), upgraded.output());
            assertTrue(inRoot(root, "cat " + SETTINGS).output().contains("hardware.mode = simulation"), "edited settings kept");
            assertTrue(inRoot(root, "cat " + SAMPLE_ROUTE).output().contains("Edited route stored"), "edited route kept");
            assertEquals("-rw-r----- root telemetry " + SETTINGS, stat(root, SETTINGS));
            assertEquals(1, inRoot(root, "test -e " + ARCHIVE).exit(), "the new jar's archive is made anew");

            assertEquals(0, inRoot(root, "touch " + ARCHIVE
                    + " && dpkg-trigger --no-await --by-package=openjdk-17-jre-headless /usr/lib/jvm && dpkg --triggers-only -a").exit());
            assertEquals(1, inRoot(root, "test -e " + ARCHIVE).exit(), "a Java upgrade (its trigger) makes it anew too");

            assertEquals(0, inRoot(root, "rm " + SETTINGS).exit());
            Result withoutSettings = inRoot(root, install.replace("install -y", "install -y --reinstall"));
            assertEquals(0, withoutSettings.exit(), "an admin may delete the settings file: " + withoutSettings.output());

            Result purged = inRoot(root, "apt-get purge -y dual-modem-telemetry");
            assertEquals(0, purged.exit(), purged.output());
            assertTrue(purged.output().contains("kept /var/lib/dual-modem-telemetry"), purged.output());
            assertEquals("", inRoot(root, "ls -d /etc/dual-modem-telemetry /etc/systemd/system/dual-modem-telemetry.service"
                    + " /etc/systemd/system/multi-user.target.wants/dual-modem-telemetry.service 2>/dev/null; true").output().trim(),
                    "settings, the unit's enablement and its mask are gone");
            assertEquals(0, inRoot(root, "test -s /var/lib/dual-modem-telemetry/data/outbox.db").exit(), "readings kept");
            // the one-shot's steps ran without its ExecStopPost clean-up: a purge takes the AppCDS caches all the same
            assertEquals("", inRoot(root, "ls -d /var/lib/dual-modem-telemetry/cds-training* " + ARCHIVE + " 2>/dev/null; true")
                    .output().trim(), "the archive, its class list and the training run's files are gone");
            assertEquals(0, inRoot(root, "getent passwd telemetry").exit(), "user kept");
            System.out.printf("arm64 root: apt install %d s, first upload %d s after the start, reinstall and purge %d s%n",
                    installSeconds, runSeconds, (System.nanoTime() - started) / 1_000_000_000);
        }
    }

    /**
     * Starts the installed application as systemd would: the state folder made (StateDirectory=), then the AppCDS
     * one-shot and the service, each as its unit's User, in its WorkingDirectory, with its ExecStart. The archive is
     * made and used; the settings and a route edited in /etc take effect; the outbox lands under /var/lib.
     */
    private long runsAsTheUnitsStartIt(DebianRoot root) throws Exception {
        try (RecordingServer server = RecordingServer.start()) {
            Files.writeString(root.share().resolve("settings"), String.join("\n", "", "hardware.mode = simulation",
                    "sensor.interval = 500ms", "uplink.url = " + server.url(), "uplink.poll-interval = 200ms", ""));
            assertEquals(0, inRoot(root, "cat /mnt/settings >>" + SETTINGS
                    + " && sed -i 's/Stored reading /Edited route stored /' " + SAMPLE_ROUTE
                    + " && install -d -o telemetry -g telemetry -m 0750 /var/lib/dual-modem-telemetry").exit());

            long started = System.nanoTime();
            StringBuilder training = new StringBuilder();
            for (List<String> step : asTheUnitStartsIt(root, CDS_UNIT)) { // the class list, then the archive
                Result result = root.run(step, 10);
                training.append(result.output());
                assertEquals(0, result.exit(), training.toString());
            }
            System.out.printf("arm64 root: the AppCDS training run and dump took %d s%n", (System.nanoTime() - started) / 1_000_000_000);
            assertEquals("telemetry", inRoot(root, "stat -c %U " + ARCHIVE).output().trim(), "AppCDS archive made: " + training);
            assertVerificationRejectsADamagedArchive(root);

            List<List<String>> service = asTheUnitStartsIt(root, UNIT);
            assertEquals(1, service.size(), service.toString());
            try (AppProcess app = AppProcess.startCommand(root.scriptCommand(root.runArgs(service.get(0))))) {
                started = System.nanoTime();
                // the emulated JVM takes 10-60 s to boot
                await().atMost(Duration.ofMinutes(3)).until(() -> !server.acceptedSeqs().isEmpty() || !app.isAlive());
                long seconds = (System.nanoTime() - started) / 1_000_000_000;
                await().atMost(Duration.ofMinutes(1)).until(() -> server.acceptedSeqs().size() >= 2 || !app.isAlive());
                assertTrue(server.acceptedSeqs().size() >= 2, app.output());
                assertTrue(app.output().contains("Edited route stored seq=1 "), app.output());
                assertTrue(app.output().contains("SIMULATION: hardware.mode=simulation"), app.output());
                assertFalse(app.output().contains("[cds"), "the archive fits: " + app.output());
                app.stop();
                assertEquals("telemetry telemetry", inRoot(root, "stat -c '%U %G' /var/lib/dual-modem-telemetry/data/outbox.db")
                        .output().trim(), "the outbox in the state folder, the service user's");
                return seconds;
            }
        }
    }

    /**
     * The one-shot's check, run on a copy of the archive with 256 KiB zeroed in the middle (what a power cut during its
     * writing, or a bad SD card, leaves): it must fail, so that such a file never becomes the archive the JVM crashes on.
     */
    private void assertVerificationRejectsADamagedArchive(DebianRoot root) throws Exception {
        String damaged = "/var/lib/dual-modem-telemetry/damaged.jsa";
        assertEquals(0, inRoot(root, "install -o telemetry -m 0444 " + ARCHIVE + " " + damaged
                + " && dd if=/dev/zero of=" + damaged + " bs=1k count=256 seek=1024 conv=notrunc status=none").exit());
        List<String> verify = asTheUnitStartsIt(root, CDS_UNIT).stream().filter(c -> c.contains("-XX:+VerifySharedSpaces"))
                .findFirst().orElseThrow().stream().map(a -> a.replaceAll("=\\S*\\.jsa\\.new$", "=" + damaged)).toList();
        Result rejected = root.run(verify, 10);
        assertNotEquals(0, rejected.exit(), rejected.output());
        assertEquals(0, root.run(verify.stream().map(a -> a.replace(damaged, ARCHIVE)).toList(), 10).exit(), "the real one passes");
        assertEquals(0, inRoot(root, "rm " + damaged).exit());
    }

    /** Each ExecStart= of the unit, in order (a one-shot may have several), as its User in its WorkingDirectory. */
    private static List<List<String>> asTheUnitStartsIt(DebianRoot root, String unitFile) throws IOException, InterruptedException {
        String unit = inRoot(root, "cat " + unitFile).output();
        String user = line(unit, "User=");
        List<List<String>> commands = new ArrayList<>();
        unit.lines().filter(l -> l.startsWith("ExecStart=")).forEach(exec -> {
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups",
                    "env", "-C", line(unit, "WorkingDirectory=")));
            command.addAll(List.of(exec.substring("ExecStart=".length()).split(" ")));
            commands.add(command);
        });
        return commands;
    }

    private static String line(String unit, String prefix) {
        return unit.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in the unit:\n" + unit));
    }

    private static Result inRoot(DebianRoot root, String shell) throws IOException, InterruptedException {
        return root.run(List.of("sh", "-c", shell), 10);
    }

    private static String stat(DebianRoot root, String file) throws IOException, InterruptedException {
        return inRoot(root, "stat -c '%A %U %G %n' " + file).output().trim();
    }

    private static String tool(String... command) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin", command[0])) && !Files.isExecutable(Path.of("/bin", command[0]))) {
            DebianRoot.skip(command[0] + " is missing (Debian's dpkg)");
        }
        Result result = runTool(List.of(command));
        assertEquals(0, result.exit(), result.output());
        return result.output();
    }

    private static Result runTool(List<String> command) throws IOException, InterruptedException {
        return runTool(command, Map.of());
    }

    private static Result runTool(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), output);
    }
}

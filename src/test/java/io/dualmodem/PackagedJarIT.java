package io.dualmodem;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.outbox.Outbox;
import io.dualmodem.outbox.Reading;
import io.dualmodem.sensor.Sample;
import io.dualmodem.testing.AppProcess;
import io.dualmodem.testing.RecordingServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run with {@code java -jar} from a folder holding the user's own files. */
class PackagedJarIT {

    @TempDir
    Path home;
    private Path jar;

    @BeforeEach
    void installJar() throws Exception {
        jar = home.resolve("dual-modem-telemetry.jar");
        Files.copy(Path.of(System.getProperty("app.jar")), jar);
        Files.createDirectories(home.resolve("routes"));
    }

    @Test
    void propertiesAndRoutesNextToTheJarOverrideThePackagedOnes() throws Exception {
        try (RecordingServer server = RecordingServer.start()) {
            Files.writeString(home.resolve("application.properties"), String.join("\n",
                    "hardware.mode = simulation",
                    "sensor.interval = 200ms",
                    "uplink.url = " + server.url(),
                    "uplink.poll-interval = 100ms", ""));
            String packaged = new String(getClass().getResourceAsStream("/routes/sample.camel.yaml").readAllBytes());
            Files.writeString(home.resolve("routes/sample.camel.yaml"),
                    packaged.replace("Stored reading ${body}", "Edited route stored ${body}"));
            try (AppProcess app = AppProcess.startJar(jar, home, Map.of())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> server.acceptedSeqs().size() >= 3 || !app.isAlive());
                assertTrue(app.output().contains("Edited route stored seq=1 "), app.output());
                assertTrue(app.output().contains("SIMULATION: hardware.mode=simulation"), app.output());
                assertTrue(Files.exists(home.resolve("data/outbox.db")), "packaged default outbox.path, relative to the working folder");
            }
        }
    }

    @Test
    void brokenRouteStopsStartUpNamingFileAndLineAndLeavesTheOutboxAlone() throws Exception {
        List<String> before = seedOutbox();
        String packaged = new String(getClass().getResourceAsStream("/routes/upload.camel.yaml").readAllBytes());
        Files.writeString(home.resolve("routes/upload.camel.yaml"), packaged.replace("setHeader:", "setHeadr:"));
        try (AppProcess app = AppProcess.startJar(jar, home, Map.of("hardware.mode", "simulation"))) {
            assertEquals(1, app.waitForExit(Duration.ofSeconds(30)), app.output());
            assertTrue(app.output().matches("(?s).*upload\\.camel\\.yaml, line \\d+.*"), app.output());
        }
        assertEquals(before, idsInOutbox());
    }

    @Test
    void badPropertyStopsStartUpNamingKeyAndValueAndLeavesTheOutboxAlone() throws Exception {
        List<String> before = seedOutbox();
        Files.writeString(home.resolve("application.properties"), "sensor.i2c-address = 0x99\n");
        try (AppProcess app = AppProcess.startJar(jar, home, Map.of())) {
            assertEquals(1, app.waitForExit(Duration.ofSeconds(30)), app.output());
            assertTrue(app.output().contains("did not start: Invalid setting sensor.i2c-address=0x99"), app.output());
        }
        assertEquals(before, idsInOutbox());
    }

    @Test
    void theDemoReceiversPortInUseStopsStartUpNamingTheKey() throws Exception {
        // the README's first command run a second time, its first run still going
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            try (AppProcess app = AppProcess.startJar(jar, home, Map.of("hardware.mode", "simulation",
                    "demo.receiver-port", Integer.toString(port), "uplink.url", "http://127.0.0.1:" + port + "/readings"))) {
                assertEquals(1, app.waitForExit(Duration.ofSeconds(30)), app.output());
                assertTrue(app.output().contains("did not start: Invalid setting demo.receiver-port=" + port + ": in use"),
                        app.output());
                assertTrue(!app.output().contains("\tat "), app.output());
            }
        }
    }

    @Test
    void anOutOfRangeValueOnlyARouteReadsStopsStartUpNamingItsKey() throws Exception {
        Files.writeString(home.resolve("application.properties"), "sensor.interval = 99999999999999999999s\n");
        try (AppProcess app = AppProcess.startJar(jar, home, Map.of("hardware.mode", "simulation"))) {
            assertEquals(1, app.waitForExit(Duration.ofSeconds(30)), app.output());
            assertTrue(app.output().contains("did not start: Invalid setting sensor.interval=99999999999999999999s"), app.output());
        }
    }

    @Test
    void aMisspelledKeyStopsStartUpWhileKeysOnlyARouteReadsAreKnown() throws Exception {
        Files.writeString(home.resolve("application.properties"),
                "uplink.breaker-window = 8\nlink.watch-interval = 2s\nsensor.intervall = 10s\n");
        try (AppProcess app = AppProcess.startJar(jar, home, Map.of("hardware.mode", "simulation"))) {
            assertEquals(1, app.waitForExit(Duration.ofSeconds(30)), app.output());
            assertTrue(app.output().contains("did not start: Unknown setting sensor.intervall: nothing reads it"), app.output());
            assertTrue(!app.output().contains("\tat ") && !app.output().contains("Error starting CamelContext"),
                    "one line, no stack trace: " + app.output());
            assertTrue(!app.output().contains("Unknown setting uplink.breaker-window")
                    && !app.output().contains("Unknown setting link.watch-interval"), app.output());
        }
    }

    @Test
    void withoutAUsableGpioChipReadingsAreStillSampledAndSentAndModemControlIsRetried() throws Exception {
        // this x86 machine has no GPIO chip and Pi4J's gpiod natives are built for the Pi only: a real "no gpiochip"
        try (RecordingServer server = RecordingServer.start();
             AppProcess app = AppProcess.startJar(jar, home, Map.of("hardware.mode", "pi", "uplink.url", server.url(),
                     "sensor.interval", "500ms", "modem.retry-unavailable", "1s",
                     "modem.state-file", home.resolve("data/modem-state.json").toString()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !app.isAlive() || server.acceptedSeqs().size() >= 5);
            Thread.sleep(3_000); // lets several retries of modem control happen: the log must stay at one line
            assertTrue(app.isAlive(), app.output());
            List<String> unavailable = app.lines().stream().filter(l -> l.contains("Modem control unavailable: ")).toList();
            assertEquals(1, unavailable.size(), app.output());
            assertTrue(unavailable.get(0).contains("/dev/gpiochip0"), unavailable.get(0));
            assertTrue(app.lines().stream().noneMatch(l -> l.contains("Please include this 'provider' JAR")), app.output());
        }
    }

    @Test
    void unusableOutboxPathStopsStartUpNamingTheKey() throws Exception {
        Files.writeString(home.resolve("not-a-folder"), "x");
        Files.writeString(home.resolve("application.properties"), "outbox.path = not-a-folder/outbox.db\n");
        try (AppProcess app = AppProcess.startJar(jar, home, Map.of("hardware.mode", "simulation"))) {
            assertEquals(1, app.waitForExit(Duration.ofSeconds(30)), app.output());
            assertTrue(app.output().contains("did not start: Invalid setting outbox.path=not-a-folder/outbox.db: cannot open outbox"),
                    app.output());
        }
    }

    @Test
    void aDamagedOutboxAndAGarbledStateFileAreMovedAsideAndTheAppStartsAndUploads() throws Exception {
        Files.createDirectories(home.resolve("data"));
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(home.resolve("data/outbox.db"), garbage);
        Files.writeString(home.resolve("data/modem-state.json"), "{\"active\": \"b\", \"history\": [");
        try (RecordingServer server = RecordingServer.start()) {
            Files.writeString(home.resolve("application.properties"), String.join("\n",
                    "hardware.mode = simulation",
                    "sensor.interval = 200ms",
                    "uplink.url = " + server.url(),
                    "uplink.poll-interval = 100ms", ""));
            try (AppProcess app = AppProcess.startJar(jar, home, Map.of())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> server.acceptedSeqs().size() >= 3 || !app.isAlive());
                assertTrue(app.isAlive(), app.output());
                assertTrue(app.output().matches("(?s).*WARN  Outbox - Outbox file \\S+/data/outbox\\.db was damaged "
                        + "\\(file is not a database\\): moved aside to \\S+/data/outbox\\.db\\.corrupt-\\d{8}T\\d{6}Z.*"), app.output());
                assertTrue(app.output().matches("(?s).*WARN  ModemState - Modem state file data/modem-state\\.json is damaged "
                        + "\\(.*\\): moved aside to data/modem-state\\.json\\.corrupt-\\d{8}T\\d{6}Z.*"), app.output());
            }
        }
        try (var files = Files.list(home.resolve("data"))) {
            List<String> aside = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".corrupt-")).sorted().toList();
            assertEquals(2, aside.size(), aside.toString());
            assertTrue(Arrays.equals(garbage, Files.readAllBytes(home.resolve("data/" + aside.get(1)))),
                    "the damaged outbox is kept as it was");
        }
    }

    @Test
    void theDemoShowsAFailoverAndAFailBackAsAChangeOfClientAddress() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> quick = Map.of("demo.receiver-port", Integer.toString(port),
                "uplink.url", "http://127.0.0.1:" + port + "/readings", "sensor.interval", "1s",
                // the cut must come after modem a's start-up switch: a cut while that is under way only delays it, and
                // nothing fails over (the demo's default is 60 s; with 6 s a CI run once timed out here, cause unseen)
                "demo.cut-primary-after", "10s", "demo.restore-primary-after", "13s", "demo.hold-down", "8s",
                "modem.sim-boot-delay", "1s", "modem.power-pulse", "500ms", "modem.status-poll", "100ms");
        try (AppProcess app = AppProcess.startJar(jar, home, quick)) {
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> !app.isAlive()
                        || app.output().matches("(?s).*via 127\\.0\\.1\\.1.*via 127\\.0\\.2\\.1.*via 127\\.0\\.1\\.1.*"));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no uploads via a, b and a again within 90 s:\n" + app.output(), e);
            }
            String out = app.output();
            assertTrue(out.contains("SIMULATION demo: cutting the primary modem's line"), out);
            assertTrue(out.matches("(?s).*Failover decision: switch a -> b because NetworkManager: ttyUSB\\d unavailable.*"), out);
            assertTrue(out.contains("Failover decision: switch b -> a because fail-back to a"), out);
            List<String> results = out.lines().filter(l -> l.contains("ModemSwitch - Switch ")).toList();
            assertEquals(results.size(), results.stream().map(l -> l.substring(l.indexOf("Switch "))).distinct().count(),
                    "each switch's result is logged once: " + results);
            Instant toB = logTime(out, "ModemSwitch - Switch .* a -> b .*: ok");
            Instant failBack = logTime(out, "Failover decision: switch b -> a");
            Duration waited = Duration.between(toB, failBack);
            assertTrue(waited.compareTo(Duration.ofSeconds(8)) >= 0 && waited.compareTo(Duration.ofSeconds(12)) < 0,
                    "fail-back after the announced 8 s hold-down, not twice that: " + waited);
        }
    }

    /** When the first log line matching {@code regex} was written. */
    private static Instant logTime(String output, String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        String line = output.lines().filter(l -> p.matcher(l).find()).findFirst().orElseThrow(() -> new AssertionError(
                "no line matches " + regex + " in\n" + output));
        return java.time.OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
    }

    private List<String> seedOutbox() {
        try (Outbox outbox = new Outbox(home.resolve("data/outbox.db"), 100, "pi")) {
            for (int i = 0; i < 3; i++) {
                outbox.append(Sample.of(Instant.parse("2026-11-23T00:00:00Z").plusSeconds(i), 20, false));
            }
        }
        return idsInOutbox();
    }

    private List<String> idsInOutbox() {
        try (Outbox outbox = new Outbox(home.resolve("data/outbox.db"), 100, "pi")) {
            return outbox.oldest(100).stream().map(Reading::id).toList();
        }
    }

    @Test
    void theJarsClassesKeepTheirLineNumbersButNotTheirLocalVariableTables() throws Exception {
        // the build strips the tables (build/StripLocalVariables.java) and rebuilds each constant pool, so a class
        // that still had one would still name the attribute
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> withTables = zip.stream().filter(entry -> entry.getName().endsWith(".class"))
                    .filter(entry -> names(zip, entry, "LocalVariableTable") || names(zip, entry, "LocalVariableTypeTable"))
                    .map(ZipEntry::getName).toList();
            assertEquals(List.of(), withTables);
        }
        try (URLClassLoader fromJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> helper = fromJar.loadClass("org.apache.camel.util.ObjectHelper");
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> helper.getMethod("notNull", Object.class, String.class).invoke(null, null, "reading"));
            StackTraceElement top = thrown.getCause().getStackTrace()[0];
            assertEquals(helper.getName(), top.getClassName());
            assertTrue(top.getLineNumber() > 0, "no line number in " + top);
            assertEquals("ObjectHelper.java", top.getFileName());
        }
    }

    @Test
    void ourClassesJoinStringsWithoutInvokedynamic() throws Exception {
        // javac's invokedynamic strategies bootstrap each concatenation through StringConcatFactory, a name in the
        // constant pool of every class that has one; Camel's classes, compiled the default way, show the search works
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> ours = zip.stream().filter(entry -> entry.getName().startsWith("io/dualmodem/"))
                    .filter(entry -> entry.getName().endsWith(".class")).map(ZipEntry::getName).toList();
            assertTrue(ours.size() > 100, "only " + ours.size() + " classes of ours in the jar");
            assertEquals(List.of(), ours.stream().filter(name -> names(zip, zip.getEntry(name), "StringConcatFactory")).toList());
            ZipEntry camels = zip.getEntry("org/apache/camel/impl/engine/AbstractCamelContext.class");
            assertNotNull(camels, "no AbstractCamelContext in the jar to check the search on");
            assertTrue(names(zip, camels, "StringConcatFactory"), "the search finds no StringConcatFactory in a class of Camel's");
        }
    }

    private static boolean names(ZipFile zip, ZipEntry entry, String name) {
        try (var in = zip.getInputStream(entry)) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return text.contains(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

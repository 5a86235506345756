package io.dualmodem;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppProcess;
import io.dualmodem.testing.RecordingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application with its JVM's wall clock stepped for real by libfaketime, as NTP steps
 * a Pi without RTC after boot (forward by the downtime) or corrects it (back). Sampling must keep
 * its cadence: no burst of catch-up readings, no stall; an open circuit breaker must not wait out the step.
 */
class ClockJumpIT {

    private static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    private static final Pattern STORED = Pattern.compile("^(\\S+) .*Stored reading seq=(\\d+) ");

    @TempDir
    Path home;

    private final List<Long> fakedPids = new ArrayList<>();

    private record Stored(Instant wallTime, long seq) {
    }

    @Test
    void readingsSampledWhileTheClockHeldAStaleTimeAreMarkedAndCorrectedWhenItSynchronizes() throws Exception {
        Map<String, String> env = faketime("-30d");
        Path synced = home.resolve("synchronized");
        Instant start = Instant.now();
        try (AppProcess app = faked(AppProcess.startJar(jar(), home, Map.of("hardware.mode", "simulation",
                "uplink.url", "http://127.0.0.1:1/readings", "sensor.interval", "500ms", "modem.sim-boot-delay", "0s",
                "time.sync-check", "file:" + synced), env))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !app.isAlive() || stored(app).size() >= 4);
            Stored stale = stored(app).get(0);
            assertTrue(stale.wallTime().isBefore(start.minus(Duration.ofDays(29))), "the JVM's clock held a stale time");
            assertTrue(app.output().contains("readings are marked \"unsynced\":1"), app.output());
            Files.writeString(home.resolve("faketime-offset"), "+0\n");
            Files.createFile(synced);
            await().atMost(Duration.ofSeconds(20)).until(() -> app.output().contains("Clock synchronized: corrected the time of"));
            app.stop();
        }
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("data/outbox.db"));
             var rs = db.createStatement().executeQuery("SELECT sampled_at, clock_synced FROM readings ORDER BY seq")) {
            int rows = 0;
            while (rs.next()) {
                Instant time = Instant.parse(rs.getString(1));
                assertTrue(rs.getInt(2) == 1 && !time.isBefore(start.minusSeconds(2)) && !time.isAfter(Instant.now()),
                        "reading " + rows + " at " + time + " synced=" + rs.getInt(2));
                rows++;
            }
            assertTrue(rows >= 4, "readings waited in the outbox: " + rows);
        }
    }

    @Test
    void stepsOfTheWallClockAnHourForwardAndSeventyMinutesBackChangeNoCadence() throws Exception {
        Map<String, String> env = faketime("+0");
        Path offset = home.resolve("faketime-offset");
        try (RecordingServer server = RecordingServer.start();
             AppProcess app = faked(AppProcess.startJar(jar(), home, Map.of("hardware.mode", "simulation",
                     "uplink.url", server.url(), "sensor.interval", "500ms", "modem.sim-boot-delay", "0s"), env))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !app.isAlive() || stored(app).size() >= 6);

            // 5 readings at 500 ms take 2 s (the first may have been sampled just before the step, hence 1.5 s below):
            // a catch-up of an hour's readings would come in a burst; a stall, never
            long forwardMillis = fiveReadingsAfter(app, offset, "+3600\n");
            assertTrue(Duration.between(Instant.now(), last(app).wallTime()).compareTo(Duration.ofMinutes(59)) > 0,
                    "the JVM's wall clock was really stepped forward");

            long backMillis = fiveReadingsAfter(app, offset, "-600\n");
            assertTrue(last(app).wallTime().isBefore(Instant.now().minus(Duration.ofMinutes(9))),
                    "the JVM's wall clock was really stepped back");
            await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= last(app).seq() - 2);
            System.out.printf("clock steps at 500 ms sampling: 5 readings in %d ms after +1 h, in %d ms after -70 min%n",
                    forwardMillis, backMillis);
        }
    }

    @Test
    void aStepOfTheWallClockBackWhileTheBreakerIsOpenHoldsUploadsNoLongerThanItsOpenTime() throws Exception {
        Map<String, String> env = faketime("+0");
        try (RecordingServer server = RecordingServer.start()) {
            server.errorStatus(503);
            try (AppProcess app = faked(AppProcess.startJar(jar(), home, Map.of("hardware.mode", "simulation",
                    "uplink.url", server.url(), "sensor.interval", "500ms", "modem.sim-boot-delay", "0s",
                    "uplink.retry-initial", "200ms", "uplink.breaker-open-seconds", "3"), env))) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !app.isAlive() || app.output().contains("Upload circuit breaker opened"));
                assertTrue(app.isAlive(), app.output());
                Files.writeString(home.resolve("faketime-offset"), "-4200\n");
                server.mode(RecordingServer.Mode.ACCEPT);
                long healed = System.nanoTime();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.output().contains("Upload circuit breaker closed") && !server.acceptedSeqs().isEmpty());
                assertTrue(last(app).wallTime().isBefore(Instant.now().minus(Duration.ofMinutes(69))),
                        "the JVM's wall clock was really stepped back 70 min");
                System.out.printf("breaker open 3 s, clock stepped back 70 min: uploads resumed %d ms after the server healed%n",
                        Duration.ofNanos(System.nanoTime() - healed).toMillis());
            }
        }
    }

    private AppProcess faked(AppProcess app) {
        fakedPids.add(app.pid());
        return app;
    }

    /**
     * libfaketime in a process makes a shared memory segment and a semaphore named by its pid and removes them when
     * the process exits; a killed JVM (every failing test, and the second test's end) leaves them in /dev/shm.
     */
    @AfterEach
    void removeWhatFaketimeLeft() throws Exception {
        for (long pid : fakedPids) {
            Files.deleteIfExists(Path.of("/dev/shm/faketime_shm_" + pid));
            Files.deleteIfExists(Path.of("/dev/shm/sem.faketime_sem_" + pid));
        }
    }

    /** The environment that puts the JVM's wall clock at this offset (changed later through the offset file). */
    private Map<String, String> faketime(String offset) throws Exception {
        if (!Files.exists(LIBFAKETIME)) {
            String why = LIBFAKETIME + " is missing: run testbed/install-deps.sh (Debian package faketime)";
            if ("1".equals(System.getenv("REQUIRE_TESTBED"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        Path file = home.resolve("faketime-offset");
        Files.writeString(file, offset + "\n");
        return Map.of("LD_PRELOAD", LIBFAKETIME.toString(), "FAKETIME_TIMESTAMP_FILE", file.toString(),
                "FAKETIME_NO_CACHE", "1", "FAKETIME_DONT_FAKE_MONOTONIC", "1");
    }

    private Path jar() throws Exception {
        Path jar = home.resolve("dual-modem-telemetry.jar");
        if (!Files.exists(jar)) {
            Files.copy(Path.of(System.getProperty("app.jar")), jar);
        }
        return jar;
    }

    private static List<Stored> stored(AppProcess app) {
        return app.lines().stream().map(STORED::matcher).filter(Matcher::find)
                .map(m -> new Stored(OffsetDateTime.parse(m.group(1)).toInstant(), Long.parseLong(m.group(2)))).toList();
    }

    /** Steps the JVM's clock to {@code step} and returns how long the next 5 readings took to be stored. */
    private static long fiveReadingsAfter(AppProcess app, Path offset, String step) throws Exception {
        long before = last(app).seq();
        long stepped = System.nanoTime();
        Files.writeString(offset, step);
        await().atMost(Duration.ofSeconds(30)).until(() -> !app.isAlive() || last(app).seq() >= before + 5);
        long millis = (System.nanoTime() - stepped) / 1_000_000;
        assertTrue(app.isAlive(), "the application went on after the step " + step.trim());
        assertTrue(millis >= 1500, "5 readings at 500 ms after the step " + step.trim() + " came within " + millis + " ms");
        return millis;
    }

    private static Stored last(AppProcess app) {
        List<Stored> all = stored(app);
        return all.get(all.size() - 1);
    }
}

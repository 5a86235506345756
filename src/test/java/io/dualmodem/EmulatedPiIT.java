package io.dualmodem;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.modem.ModemState;
import io.dualmodem.outbox.Reading;
import io.dualmodem.testing.AppProcess;
import io.dualmodem.testing.EmulatedPi;
import io.dualmodem.testing.EmulatedPi.Event;
import io.dualmodem.testing.Folders;
import io.dualmodem.testing.EmulatedPi.Model;
import io.dualmodem.testing.BedPowerPlug;
import io.dualmodem.testing.RecordingServer;
import io.dualmodem.testing.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The packaged jar in {@code hardware.mode=pi} on SIMULATED Raspberry Pis: Debian's arm64 and armhf
 * OpenJDK 17 under qemu-user, with an ADT7410 and a GPIO chip emulated at the system-call boundary
 * ({@code testbed/pi/}), so Pi4J's own Java code and natives (linuxfs I2C, libgpiod) do the work. Each
 * test is one Pi (an emulated JVM takes 10–60 s to start); two run side by side, never beside other
 * test classes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatedPiIT {

    /** Bound of an emulated JVM's start (10–30 s alone on two cores; minutes on a busy machine). */
    private static final Duration START = Duration.ofMinutes(6);

    /** Settings of a run against a loopback server: a sample a second, quick retries of modem control. */
    static Map<String, String> settings(RecordingServer server) {
        Map<String, String> p = new HashMap<>();
        p.put("hardware.mode", "pi");
        p.put("uplink.url", server.url());
        p.put("sensor.interval", "1s");
        p.put("uplink.poll-interval", "500ms");
        p.put("uplink.retry-initial", "500ms");
        p.put("uplink.retry-max", "2s");
        p.put("modem.retry-unavailable", "2s");
        return p;
    }

    /** Waits for an accepted reading, after the first {@code after}, that matches; returns it. */
    static Reading awaitReading(RecordingServer server, AppProcess app, int after, Predicate<Reading> wanted) {
        Reading[] found = new Reading[1];
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertTrue(app.isAlive(), app.output());
            List<Reading> r = server.acceptedReadings();
            found[0] = r.subList(Math.min(after, r.size()), r.size()).stream().filter(wanted).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** A reading of {@code value} °C, as the payload carries it: to the millidegree. */
    static Predicate<Reading> celsius(double value) {
        return r -> r.celsius() != null && Math.abs(r.celsius() - value) <= 0.0005;
    }

    static Predicate<Reading> error(String part) {
        return r -> r.error() != null && r.error().contains(part);
    }

    static void keepLog(TestInfo test, AppProcess app, EmulatedPi pi) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "emulated-pi-logs"));
        String name = test.getTestMethod().orElseThrow().getName();
        Files.writeString(logs.resolve(name + ".log"), app.output());
        Path lines = pi.dir().resolve("lines.log");
        if (Files.exists(lines)) {
            Files.copy(lines, logs.resolve(name + ".lines.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static long count(List<String> lines, String part) {
        return lines.stream().filter(l -> l.contains(part)).count();
    }

    /**
     * Raspberry Pi OS 32-bit on a Pi 3 B+: readings at the temperature set (positive, negative, one only
     * 16-bit resolution shows), a NACKing chip, an absent chip and another chip's ID recorded as error
     * readings and recovered from; the gpiod natives for armhf request the boards' lines low; the start-up
     * check prints its five facts.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void armhfPi3ReadsTheSensorAndRecoversFromItsFaults(TestInfo test) throws Exception {
        try (RecordingServer server = RecordingServer.start();
             EmulatedPi pi = EmulatedPi.start("armhf", Model.PI_3B_PLUS, true, true)) {
            pi.set("adt7410.celsius", "21.5");
            AppProcess app = pi.runJar(settings(server));
            try (app) {
                awaitReading(server, app, 0, celsius(21.5));
                pi.set("adt7410.celsius", "-7.25");
                awaitReading(server, app, 0, celsius(-7.25));
                pi.set("adt7410.celsius", "25.0078125"); // 1/128 °C: only the 16-bit mode the driver selects shows it
                int before = server.acceptedReadings().size();
                awaitReading(server, app, before, celsius(25.0078125));

                pi.set("adt7410", "nack");
                awaitReading(server, app, before, error("ADT7410 temperature read failed"));
                pi.set("adt7410", "absent");
                awaitReading(server, app, before, error("ADT7410 register 0x0B read failed"));
                pi.set("adt7410", "ok");
                pi.set("adt7410.id", "0x51");
                awaitReading(server, app, before, error("Not an ADT7410: ID register 0x0B reads 0x51, expected 0xC8..0xCF"));
                pi.set("adt7410.id", "0xCB");
                before = server.acceptedReadings().size();
                awaitReading(server, app, before, celsius(25.0078125));
                app.stop();
            } finally {
                keepLog(test, app, pi);
            }
            List<String> out = app.lines();
            // one line per cause (nmcli slow to start under emulation, then NetworkManager not running), none repeated
            List<String> causes = out.stream().filter(l -> l.contains("Modem control unavailable: "))
                    .map(l -> l.substring(l.indexOf("Modem control unavailable: "))).toList();
            assertTrue(!causes.isEmpty() && causes.size() == causes.stream().distinct().count(), app.output());
            assertTrue(out.stream().anyMatch(l -> l.contains("Sensor is back after: Not an ADT7410")), app.output());
            assertEquals(5, count(out, "Pi check: "), app.output());
            assertTrue(out.stream().anyMatch(l -> l.contains("INFO  PiReadiness - Pi check: GPIO chips: pinctrl-bcm2835")),
                    app.output());
            assertTrue(out.stream().anyMatch(l -> l.contains("Pi check: a chip answers at 0x48 on bus 1 (ID register 0x0B reads 0xCB)")),
                    app.output());
            assertFalse(out.stream().anyMatch(l -> l.startsWith("\tat ")), "no stack trace: " + app.output());
            List<Event> events = pi.events();
            for (String line : List.of("17", "27", "12", "6")) {
                assertTrue(events.stream().anyMatch(e -> e.is("request", line, "out")), line + " requested: " + events);
                assertFalse(events.stream().anyMatch(e -> e.is("set", line, "1")), line + " never driven high: " + events);
            }
            assertTrue(events.stream().anyMatch(e -> e.is("i2c", "0x48", "write", "03", "80")), "16-bit mode selected");
        }
    }

    /**
     * Raspberry Pi OS 64-bit on a board whose kernel has no GPIO chip and no I2C bus (the product fix: this
     * used to stop start-up with Pi4J's "provider … could not be found"): readings are recorded as error
     * readings and sent, modem control is unavailable in one plain line, no stack trace.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void arm64WithoutGpioChipOrI2cBusDegradesAndSendsErrorReadings(TestInfo test) throws Exception {
        try (RecordingServer server = RecordingServer.start();
             EmulatedPi pi = EmulatedPi.start("arm64", Model.PI_5, false, false)) {
            AppProcess app = pi.runJar(settings(server));
            try (app) {
                Predicate<Reading> noBus = error("no /dev/i2c-1: I2C is not enabled (sudo raspi-config nonint do_i2c 0, then reboot)");
                awaitReading(server, app, 0, noBus);
                int before = server.acceptedReadings().size();
                awaitReading(server, app, before + 2, noBus); // several modem-control retries meanwhile
                app.stop();
            } finally {
                keepLog(test, app, pi);
            }
            List<String> out = app.lines();
            List<String> unavailable = out.stream().filter(l -> l.contains("Modem control unavailable: ")).toList();
            assertEquals(1, unavailable.size(), app.output());
            assertTrue(unavailable.get(0).contains("no /dev/gpiochip0: this kernel offers no GPIO character device"),
                    unavailable.get(0));
            assertFalse(app.output().contains("Please include this 'provider' JAR"), app.output());
            assertFalse(out.stream().anyMatch(l -> l.startsWith("\tat ")), "no stack trace: " + app.output());
            assertTrue(out.stream().anyMatch(l -> l.contains("WARN  PiReadiness - Pi check: no /dev/i2c-1: I2C is not enabled")),
                    app.output());
        }
    }

    /**
     * A service user without the gpio and i2c groups (the devices answer EACCES): modem control names the
     * gpio group, the sensor's error readings name the bus; once the bus is readable readings come back
     * without a restart.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void arm64PermissionDeniedNamesTheGroupsAndRecovers(TestInfo test) throws Exception {
        try (RecordingServer server = RecordingServer.start();
             EmulatedPi pi = EmulatedPi.start("arm64", Model.ZERO_2W, true, true)) {
            pi.set("gpio.access", "denied");
            pi.set("i2c.access", "denied");
            pi.set("adt7410.celsius", "-40.0078125");
            AppProcess app = pi.runJar(settings(server));
            try (app) {
                awaitReading(server, app, 0, error("cannot open /dev/i2c-1: permission denied — add the service user to the i2c group"));
                pi.set("i2c.access", "ok");
                awaitReading(server, app, 0, celsius(-40.0078125));
                app.stop();
            } finally {
                keepLog(test, app, pi);
            }
            List<String> unavailable = app.lines().stream().filter(l -> l.contains("Modem control unavailable: ")).toList();
            assertEquals(1, unavailable.size(), app.output());
            assertTrue(unavailable.get(0).contains(
                    "cannot open /dev/gpiochip0: permission denied — add the service user to the gpio group"), unavailable.get(0));
            assertTrue(app.lines().stream().anyMatch(l -> l.contains("WARN  PiReadiness - Pi check: /dev/i2c-1 is there but not readable")),
                    app.output());
            assertFalse(app.lines().stream().anyMatch(l -> l.startsWith("\tat ")), "no stack trace: " + app.output());
        }
    }

    /**
     * A Pi 4 with Raspberry Pi OS 64-bit in the test bed's edge namespace, on real NetworkManager; the
     * emulated boards' modules plug and unplug the bed's veths as USB would. The start-up restore powers
     * board a on; a carrier loss on its link switches to b through Pi4J's GPIO. The lines' own log shows
     * the vendor's 3 s POWER pulses and STATUS polled every second; at stop every output is low; a restart
     * toggles no board.
     */
    @Test
    @Order(1) // the longest: two runs and a switch
    @Execution(ExecutionMode.CONCURRENT)
    void arm64Pi4SwitchesModemsThroughPi4jGpioOnNetworkManager(TestInfo test) throws Exception {
        Path work = Files.createTempDirectory("emulated-pi-bed");
        try (EmulatedPi pi = EmulatedPi.start("arm64", Model.PI_4B, true, true);
             Testbed bed = Testbed.start(Files.createDirectories(work.resolve("bed")));
             BedPowerPlug plug = BedPowerPlug.start(bed, work)) {
            pi.set("board.min-pulse-ms", "2500");
            pi.set("board.boot-ms", "2000");
            pi.set("board.shutdown-ms", "1000");
            pi.set("power-fifo", plug.fifo().toString());
            Path receiver = work.resolve("receiver.log");
            bed.command("power-off A"); // the modules are off, as the emulated boards start
            bed.command("power-off B");
            bed.command("http-server 8080 " + receiver);
            Map<String, String> p = new HashMap<>(Testbed.appSettings(pi.app()));
            p.put("hardware.mode", "pi"); // the vendor's power timing: 3 s pulse, STATUS every 1 s for up to 10 s
            p.put("modem.nmcli-timeout", "60s"); // a process started from an emulated JVM on a busy machine can take seconds

            AppProcess app = pi.runJar(p, bed.inEdge().toString());
            try (app) {
                awaitUploadVia(receiver, Testbed.ADDRESS_A, 0, START, app);
                bed.command("carrier-off A");
                awaitUploadVia(receiver, Testbed.ADDRESS_B, uploads(receiver).size(), Duration.ofMinutes(2), app);
                // the first upload over b can come before the switch has confirmed b's link and recorded it
                await().atMost(Duration.ofMinutes(1)).until(() -> "b".equals(new ModemState(pi.app().resolve("modem-state.json"))
                        .active()));
                app.stop();
            } finally {
                keepLog(test, app, pi);
            }
            List<Event> first = pi.events();
            List<long[]> pulses = pulses(first, "17", "12");
            assertEquals(3, pulses.size(), "a on, a off, b on: " + first);
            for (long[] pulse : pulses) {
                long ms = (pulse[2] - pulse[1]) / 1_000_000;
                // at least the vendor's 3 s; the upper bound only says the pulse was not stretched by more than
                // an emulated JVM's scheduling delay on a loaded machine
                assertTrue(ms >= 2990 && ms <= 4500, "POWER pulse of the vendor's 3 s: " + ms + " ms");
            }
            long bReleased = pulses.get(2)[2];
            List<Long> polls = first.stream().filter(e -> e.is("get", "13") && e.nanos() > bReleased)
                    .map(Event::nanos).toList();
            Event bOn = first.stream().filter(e -> e.is("status", "b", "1")).findFirst().orElseThrow();
            assertTrue((bOn.nanos() - bReleased) / 1_000_000 >= 1990, "STATUS follows after the 2 s boot");
            assertTrue(polls.size() >= 3, "STATUS polled until it showed the module on: " + polls.size());
            for (int i = 1; i < 3; i++) {
                long gap = (polls.get(i) - polls.get(i - 1)) / 1_000_000;
                assertTrue(gap >= 990 && gap <= 2000, "STATUS polled every second: " + gap + " ms");
            }
            assertEquals(Map.of("17", "0", "27", "0", "12", "0", "6", "0"), levels(first), "outputs low at stop");
            assertEquals("b on", lastModule(first, "b"), "module b runs");
            assertEquals("a off", lastModule(first, "a"), "module a is off");

            int mark = first.size();
            int before = uploads(receiver).size();
            AppProcess again = pi.runJar(p, bed.inEdge().toString());
            try (again) {
                awaitUploadVia(receiver, Testbed.ADDRESS_B, before, START, again);
                await().atMost(Duration.ofMinutes(2)).until(() -> again.output().contains("Modem b (3gpi-2) is on and its link is up"));
                again.stop();
            } finally {
                Files.writeString(Path.of("target", "emulated-pi-logs", "restart.log"), again.output());
            }
            List<Event> restart = pi.events().subList(mark, pi.events().size());
            assertTrue(restart.stream().noneMatch(e -> e.is("set") && e.word(2).equals("1")),
                    "no line driven high by a restart: " + restart);
            assertTrue(restart.stream().noneMatch(e -> e.is("module")), "no module toggled by a restart: " + restart);
        } finally {
            Folders.delete(work);
        }
    }

    /** POWER pulses on these lines, in order: {line, rise ns, fall ns}. */
    static List<long[]> pulses(List<Event> events, String... lines) {
        List<long[]> out = new ArrayList<>();
        Map<String, Long> rise = new HashMap<>();
        for (Event e : events) {
            if (e.is("set") && List.of(lines).contains(e.word(1))) {
                if (e.word(2).equals("1")) {
                    rise.put(e.word(1), e.nanos());
                } else if (rise.containsKey(e.word(1))) {
                    out.add(new long[] {Long.parseLong(e.word(1)), rise.remove(e.word(1)), e.nanos()});
                }
            }
        }
        return out;
    }

    /** The last level of every output line the boards use. */
    static Map<String, String> levels(List<Event> events) {
        Map<String, String> level = new HashMap<>(Map.of("17", "0", "27", "0", "12", "0", "6", "0"));
        events.stream().filter(e -> e.is("set")).forEach(e -> level.put(e.word(1), e.word(2)));
        return level;
    }

    static String lastModule(List<Event> events, String board) {
        String state = board + " off";
        for (Event e : events) {
            if (e.is("module", board) && (e.word(2).equals("on") || e.word(2).equals("off"))) {
                state = board + " " + e.word(2);
            }
        }
        return state;
    }

    /** The bed receiver's log: one line per accepted upload, "CLIENT-ADDRESS BODY". */
    static List<String> uploads(Path receiver) throws java.io.IOException {
        return Files.exists(receiver) ? Files.readAllLines(receiver) : List.of();
    }

    static void awaitUploadVia(Path receiver, String address, int after, Duration limit, AppProcess app) {
        await().atMost(limit).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertTrue(app.isAlive(), app.output());
            List<String> u = uploads(receiver);
            return u.size() > after && u.subList(after, u.size()).stream().anyMatch(l -> l.startsWith(address + " "));
        });
    }
}

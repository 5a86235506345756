package io.dualmodem.settings;

import io.dualmodem.datause.ByteSize;
import io.dualmodem.datause.DataUseSettings;
import io.dualmodem.events.EventSettings;
import io.dualmodem.failover.LinkSettings;
import io.dualmodem.failover.PolicySettings;
import io.dualmodem.failover.WatchSettings;
import io.dualmodem.modem.ModemSettings;
import io.dualmodem.ops.OpsSettings;
import io.dualmodem.outbox.OutboxSettings;
import io.dualmodem.radio.RadioSettings;
import io.dualmodem.sensor.SensorSettings;
import io.dualmodem.sim.SimulatedBoard;
import io.dualmodem.sim.SimulationSettings;
import io.dualmodem.uplink.BreakerSettings;
import io.dualmodem.uplink.UplinkSettings;
import io.dualmodem.uplink.UplinkTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting the Java side reads, read once at start-up and validated, so that a bad value stops
 * start-up with one message naming the key and the value instead of failing later. Settings only a
 * route reads ({@code sensor.interval}, {@code uplink.poll-interval}, {@code link.watch-interval}) are Camel's to
 * check.
 */
public record Settings(String deviceId, HardwareMode hardwareMode, SensorSettings sensor, OutboxSettings outbox,
                       UplinkSettings uplink, ModemSettings modem, LinkSettings link, SimulationSettings simulation,
                       OpsSettings ops, String syncCheck, DataUseSettings dataUse,
                       RadioSettings radio, EventSettings events) {

    private static final Duration MS = Duration.ofMillis(10);
    private static final Pattern PROBE_TARGET = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):([0-9]{1,5})");
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    /** @throws SettingsException naming the first bad key and its value */
    public static Settings load(SettingsReader r, String hostname) {
        String device = r.string("device.id");
        if (device.isBlank()) {
            device = hostname;
            if (device.isBlank()) {
                throw new SettingsException("device.id", "", "empty, and the host name cannot be read from "
                        + KERNEL_HOSTNAME + ": set device.id");
            }
        } else if (!device.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new SettingsException("device.id", device, "1 to 64 letters, digits, '.', '_' or '-'");
        }
        UplinkSettings uplink = new UplinkSettings(
                uplinkTarget(r),
                r.integer("uplink.batch-size", 1, 1000),
                r.duration("uplink.retry-initial", MS),
                r.duration("uplink.retry-max", MS),
                r.duration("uplink.retry-after-max", Duration.ofSeconds(1)),
                r.duration("uplink.connect-timeout", Duration.ofMillis(100)),
                r.duration("uplink.response-timeout", Duration.ofMillis(100)),
                r.bool("uplink.gzip"),
                maxDelay(r, "uplink.max-delay"),
                modemMaxDelays(r),
                new BreakerSettings(r.integer("uplink.breaker-window", 1, 1_000_000),
                        r.integer("uplink.breaker-min-calls", 1, 1_000_000),
                        r.integer("uplink.breaker-failure-rate", 1, 100),
                        Duration.ofSeconds(r.integer("uplink.breaker-open-seconds", 1, 1_000_000))));
        return new Settings(device,
                r.oneOf("hardware.mode", HardwareMode.class),
                new SensorSettings(r.choice("sensor.type", "adt7410", "hwmon"), r.integer("sensor.i2c-bus", 0, 255),
                        r.integer("sensor.i2c-address", 0x08, 0x77),
                        r.string("sensor.hwmon-file").isEmpty() ? Optional.empty() : Optional.of(r.path("sensor.hwmon-file"))),
                new OutboxSettings(r.path("outbox.path"), r.integer("outbox.capacity", 10, 100_000_000),
                        r.integer("outbox.quarantine-capacity", 1, 100_000_000)),
                uplink,
                ModemSettingsReader.load(r),
                link(r, uplink.url()),
                simulation(r),
                new OpsSettings(r.duration("ops.health-stale-after", Duration.ofSeconds(1)), r.bool("ops.http-enabled"),
                        r.integer("ops.http-port", 0, 65535), r.bool("ops.jolokia-enabled")),
                syncCheck(r),
                dataUse(r),
                new RadioSettings(r.program("modem.mmcli"), r.duration("modem.nmcli-timeout", Duration.ofSeconds(1))),
                new EventSettings(statusTarget(r, uplink.target()), r.integer("outbox.event-capacity", 10, 100_000_000)));
    }

    private static DataUseSettings dataUse(SettingsReader r) {
        Map<String, Long> quotas = new LinkedHashMap<>();
        for (String id : List.of("a", "b")) {
            String key = "modem." + id + ".monthly-quota";
            String value = r.string(key);
            if (!value.isEmpty()) {
                quotas.put(id, ByteSize.parse(value).filter(n -> n > 0).orElseThrow(() -> new SettingsException(key, value,
                        "a size such as 500MB, 2GB or 300MiB (kB/MB/GB: 1000-based, KiB/MiB/GiB: 1024-based), or empty for none")));
            }
        }
        return new DataUseSettings(r.file("modem.data-use-file"), r.duration("modem.data-use-save-interval",
                Duration.ofSeconds(1)), quotas, r.duration("modem.over-quota-max-delay", Duration.ofSeconds(1)));
    }

    /** How long readings may wait to go together: {@code 0s} (live) up to a day. */
    private static Duration maxDelay(SettingsReader r, String key) {
        Duration d = r.duration(key, Duration.ZERO);
        if (d.compareTo(Duration.ofDays(1)) > 0) {
            throw new SettingsException(key, r.string(key), "at most 24h: readings would wait longer than a day");
        }
        return d;
    }

    /** {@code modem.X.max-delay} for the modems that set one; empty means {@code uplink.max-delay}. */
    private static Map<String, Duration> modemMaxDelays(SettingsReader r) {
        Map<String, Duration> delays = new LinkedHashMap<>();
        for (String id : List.of("a", "b")) {
            String key = "modem." + id + ".max-delay";
            if (!r.string(key).isEmpty()) {
                delays.put(id, maxDelay(r, key));
            }
        }
        return delays;
    }

    private static String syncCheck(SettingsReader r) {
        String check = r.string("time.sync-check");
        if (!check.equals("kernel") && !check.equals("assume-synced") && !check.matches("file:/.+")) {
            throw new SettingsException("time.sync-check", check, "kernel, file:/ABSOLUTE/PATH or assume-synced");
        }
        return check;
    }

    /**
     * The kernel's host name (what {@code hostname} prints): the device id when {@code device.id} is empty; empty when
     * it cannot be read. Read, not resolved: resolving a name missing from {@code /etc/hosts} asks DNS, which at boot
     * without a line waits for seconds and then fails.
     */
    public static String hostname() {
        return hostname(KERNEL_HOSTNAME);
    }

    static String hostname(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * {@code uplink.status-url}, or when it is empty the readings' URL with its path replaced by {@code /status} (user
     * info and query kept: they carry the uplink's credentials); sent with {@code uplink.headers} too.
     */
    private static UplinkTarget statusTarget(SettingsReader r, UplinkTarget readings) {
        String set = r.string("uplink.status-url");
        URI url;
        if (set.isEmpty()) {
            URI u = URI.create(r.string("uplink.url"));
            url = URI.create(u.getScheme() + "://" + u.getRawAuthority() + "/status"
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        } else {
            url = r.url("uplink.status-url");
        }
        try {
            return UplinkTarget.of(url, r.string("uplink.headers"));
        } catch (UplinkTarget.Invalid e) {
            throw new SettingsException(set.isEmpty() ? e.key() : "uplink.status-url", e.shownValue(), e.getMessage());
        }
    }

    /** {@code uplink.url} and {@code uplink.headers}, checked as the HTTP client will send them; errors show no secret. */
    private static UplinkTarget uplinkTarget(SettingsReader r) {
        URI url = r.url("uplink.url");
        String headers = r.string("uplink.headers");
        try {
            return UplinkTarget.of(url, headers);
        } catch (UplinkTarget.Invalid e) {
            throw new SettingsException(e.key(), e.shownValue(), e.getMessage());
        }
    }

    private static LinkSettings link(SettingsReader r, URI uplink) {
        PolicySettings policy = new PolicySettings(
                r.integer("link.failures-to-switch", 1, 100),
                r.integer("link.good-checks-to-stay", 1, 100),
                r.duration("link.hold-down", MS),
                r.duration("link.max-hold-down", MS),
                r.integer("link.max-switches-per-hour", 1, 1000),
                r.duration("link.both-down-backoff", MS),
                r.duration("link.max-both-down-backoff", MS),
                r.duration("link.board-fail-hold", MS));
        WatchSettings watch = new WatchSettings(
                r.duration("link.probe-suspect-interval", MS),
                r.duration("link.probe-idle-interval", MS),
                r.duration("link.keepalive-after", MS));
        if (watch.keepAliveAfter().compareTo(Duration.ofMinutes(55)) > 0) {
            throw new SettingsException("link.keepalive-after", r.string("link.keepalive-after"),
                    "must stay well under the carriers' one-hour idle cut (at most 55m)");
        }
        String targets = r.string("link.probe-targets");
        List<InetSocketAddress> probeTargets = new ArrayList<>();
        if (targets.isBlank()) {
            int port = uplink.getPort() > 0 ? uplink.getPort() : "https".equals(uplink.getScheme()) ? 443 : 80;
            probeTargets.add(InetSocketAddress.createUnresolved(uplink.getHost(), port));
        } else {
            for (String t : targets.split(",")) {
                // a URL (http://host:80) would be a host that never resolves: every check fails, and the box switches
                Matcher m = PROBE_TARGET.matcher(t.trim());
                int port = m.matches() ? Integer.parseInt(m.group(2)) : 0;
                if (port < 1 || port > 65535) {
                    throw new SettingsException("link.probe-targets", targets,
                            "host:port pairs separated by commas (a host name or address, no URL; port 1-65535)");
                }
                probeTargets.add(InetSocketAddress.createUnresolved(m.group(1), port));
            }
        }
        return new LinkSettings(policy, watch, probeTargets, r.integer("link.probe-reliability", 1, probeTargets.size()),
                r.duration("link.probe-timeout", MS));
    }

    private static SimulationSettings simulation(SettingsReader r) {
        Map<String, SimulatedBoard.Fault> faults = new LinkedHashMap<>();
        for (String id : List.of("a", "b")) {
            String key = "modem." + id + ".sim-fault";
            faults.put(id, SimulatedBoard.Fault.valueOf(r.choice(key, "none", "stuck-off", "slow-boot", "status-stuck")
                    .toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        String hook = r.string("modem.sim-power-hook");
        return new SimulationSettings(
                r.integer("demo.receiver-port", 1, 65535),
                r.bool("demo.failover"),
                r.duration("demo.cut-primary-after", Duration.ofSeconds(1)),
                r.duration("demo.restore-primary-after", Duration.ofSeconds(1)),
                r.duration("demo.hold-down", Duration.ofSeconds(1)),
                r.duration("modem.sim-boot-delay", Duration.ZERO),
                faults,
                hook.isEmpty() ? List.of() : Arrays.asList(hook.split("\\s+")));
    }
}

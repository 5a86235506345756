package io.dualmodem.modem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NetworkManager through {@code nmcli}: terse output ({@code -t}), {@code LC_ALL=C}, an argument
 * vector and a time limit on every call. Secrets go through {@code passwd-file}, a file only the
 * application's user can read, deleted right after use, so they never appear in {@code ps}.
 */
public final class Nmcli implements NetworkManager {

    private static final Logger LOG = LoggerFactory.getLogger(Nmcli.class);
    private static final String SECRET_PREFIX = "nm-secret";
    private static final String SECRET_SUFFIX = ".txt";

    private final CommandRunner runner;
    private final String nmcli;
    private final Duration callTimeout;
    private final Duration activationTimeout;

    public Nmcli(CommandRunner runner, String nmcliPath, Duration callTimeout, Duration activationTimeout) {
        this.runner = runner;
        this.nmcli = nmcliPath;
        this.callTimeout = callTimeout;
        this.activationTimeout = activationTimeout;
        removeLeftSecrets(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** A passwd-file outlives its call only when the JVM was killed during it: no secret is left lying there. */
    static void removeLeftSecrets(Path folder) {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(folder, SECRET_PREFIX + "*" + SECRET_SUFFIX)) {
            for (Path file : left) {
                Files.deleteIfExists(file);
                LOG.info("Removed {} left by a run that was killed during nmcli connection up", file);
            }
        } catch (IOException e) {
            LOG.warn("Cannot look for left passwd-files in {}: {}", folder, e.toString());
        }
    }

    @Override
    public List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (List<String> f : rows(call(callTimeout, "-t", "-f", "DEVICE,TYPE,STATE,CONNECTION", "device", "status"), 4)) {
            out.add(new Device(f.get(0), f.get(1), f.get(2), f.get(3)));
        }
        return out;
    }

    @Override
    public List<Profile> profiles() {
        List<Profile> out = new ArrayList<>();
        for (List<String> f : rows(call(callTimeout, "-t", "-f", "NAME,UUID,TYPE,DEVICE", "connection", "show"), 4)) {
            out.add(new Profile(f.get(0), f.get(1), f.get(2), f.get(3)));
        }
        return out;
    }

    @Override
    public void add(ProfileSpec spec) {
        List<String> args = new ArrayList<>(List.of("connection", "add", "type", spec.type(), "con-name", spec.name(),
                "ifname", spec.ifname()));
        String shown = String.join(" ", args) + " " + ProfileSpec.shown(spec.settings());
        args.addAll(spec.settings());
        call(callTimeout, args, shown.trim(), ProfileSpec.secretValues(spec.settings()));
    }

    @Override
    public void up(ProfileSpec spec, String device) {
        List<String> args = new ArrayList<>(List.of("--wait", Long.toString(activationTimeout.toSeconds()),
                "connection", "up", "id", spec.name(), "ifname", device));
        Path secrets = null;
        try {
            if (spec.secret() != null && !spec.secret().isEmpty()) {
                secrets = Files.createTempFile(SECRET_PREFIX, SECRET_SUFFIX,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(secrets, spec.secretKey() + ":" + spec.secret() + "\n");
                args.add("passwd-file");
                args.add(secrets.toString());
            }
            // nmcli enforces --wait itself; our limit is a little longer so its own answer wins
            call(activationTimeout.plusSeconds(5), args.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the passwd-file for " + spec.name(), e);
        } finally {
            if (secrets != null) {
                try {
                    Files.deleteIfExists(secrets);
                } catch (IOException e) {
                    LOG.warn("could not delete {}", secrets);
                }
            }
        }
    }

    @Override
    public void down(String profile) {
        try {
            call(callTimeout, "connection", "down", "id", profile);
        } catch (NmcliException e) {
            if (e.exitCode() != 10) { // 10: not active, which is what we wanted
                throw e;
            }
        }
    }

    @Override
    public Link link(String device) {
        int state = 0;
        List<String> ipv4 = new ArrayList<>();
        List<String> dns = new ArrayList<>();
        // device show is not escaped: split on the first colon only
        for (String line : call(callTimeout, "-t", "-f", "GENERAL.STATE,IP4.ADDRESS,IP4.DNS", "device", "show", device).split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (key.equals("GENERAL.STATE")) {
                state = Integer.parseInt(value.split(" ")[0]);
            } else if (key.startsWith("IP4.ADDRESS") && !value.isEmpty()) {
                ipv4.add(value);
            } else if (key.startsWith("IP4.DNS") && !value.isEmpty()) {
                dns.add(value);
            }
        }
        return new Link(device, state, ipv4, dns);
    }

    @Override
    public Optional<String> ipInterface(String device) {
        String out = call(callTimeout, "-t", "-f", "GENERAL.IP-IFACE", "device", "show", device);
        return out.lines().filter(l -> l.startsWith("GENERAL.IP-IFACE:"))
                .map(l -> l.substring("GENERAL.IP-IFACE:".length()).trim()).filter(v -> !v.isEmpty()).findFirst();
    }

    /** The argument vector that runs nmcli with these arguments, untranslated ({@code LC_ALL=C}); no shell is involved. */
    public List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "LC_ALL=C", nmcli));
        argv.addAll(List.of(args));
        return argv;
    }

    /** NetworkManager's device events as they happen, from {@code nmcli device monitor}. */
    public DeviceEvents monitor() {
        return new NmcliMonitor(argv("device", "monitor"));
    }

    private String call(Duration timeout, String... args) {
        return call(timeout, List.of(args), String.join(" ", args), List.of());
    }

    /** Runs nmcli; logs and errors show {@code shown} for the arguments and no {@code secrets} from its answer. */
    private String call(Duration timeout, List<String> args, String shown, List<String> secrets) {
        List<String> argv = argv(args.toArray(String[]::new));
        LOG.debug("running nmcli {}", shown);
        CommandResult result = runner.run(argv, timeout);
        if (result.timedOut()) {
            throw new NmcliException("nmcli " + shown + " did not finish within " + timeout.toSeconds() + " s and was killed",
                    result.exitCode());
        }
        if (result.exitCode() != 0) {
            String said = result.stderr().trim();
            for (String secret : secrets) {
                said = said.replace(secret, "***");
            }
            throw new NmcliException("nmcli " + shown + " failed (exit " + result.exitCode() + ", "
                    + meaning(result.exitCode()) + "): " + said, result.exitCode());
        }
        return result.stdout();
    }

    static String meaning(int exitCode) {
        return switch (exitCode) {
            case 1 -> "unknown error";
            case 2 -> "invalid input";
            case 3 -> "timeout expired";
            case 4 -> "connection activation failed";
            case 5 -> "connection deactivation failed";
            case 6 -> "disconnecting device failed";
            case 7 -> "connection deletion failed";
            case 8 -> "NetworkManager is not running";
            case 10 -> "connection, device or access point does not exist";
            case 127 -> "nmcli not found";
            case -1 -> "could not be started";
            default -> "exit code " + exitCode;
        };
    }

    /** Splits terse output into rows of fields, undoing nmcli's {@code \:} and {@code \\} escapes. */
    static List<List<String>> rows(String output, int fields) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            List<String> row = splitTerse(line);
            while (row.size() < fields) {
                row.add("");
            }
            rows.add(row);
        }
        return rows;
    }

    static List<String> splitTerse(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}

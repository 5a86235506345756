package io.dualmodem.radio;

import io.dualmodem.modem.CommandResult;
import io.dualmodem.modem.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ModemManager's view of the powered modem through {@code mmcli -m any -K}: one modem is powered at a time, so "any"
 * is the active one. {@code -K} ({@code --output-keyvalue}) prints one {@code key : value} line per field, keys padded
 * to one width, values escaped as by GLib's {@code g_strescape} and {@code --} when empty; a list is printed as
 * {@code key.length : N} and {@code key.value[1..N]} (ModemManager's {@code cli/mmcli-output.c},
 * {@code dump_output_keyvalue}). Run with an argument vector, {@code LC_ALL=C} and a time limit, never a shell.
 */
public final class Mmcli {

    private final CommandRunner runner;
    private final String mmcli;
    private final Duration timeout;

    public Mmcli(CommandRunner runner, String mmcliPath, Duration timeout) {
        this.runner = runner;
        this.mmcli = mmcliPath;
        this.timeout = timeout;
    }

    /** Asks ModemManager about the powered modem; what goes wrong is the report's {@code unavailable}, never thrown. */
    public RadioReport read(String modem, String at) {
        if (!Files.isExecutable(Path.of(mmcli))) {
            return RadioReport.unavailable(at, modem, "no ModemManager: " + mmcli + " is not installed");
        }
        CommandResult result = runner.run(List.of("/usr/bin/env", "LC_ALL=C", mmcli, "-m", "any", "-K"), timeout);
        if (result.timedOut()) {
            return RadioReport.unavailable(at, modem, "mmcli did not answer within " + timeout.toSeconds() + " s");
        }
        String error = result.stderr().trim();
        if (error.contains("couldn't find the ModemManager process")) {
            return RadioReport.unavailable(at, modem, "no ModemManager: it is not running");
        }
        if (error.contains("couldn't find modem")) {
            return RadioReport.unavailable(at, modem, "ModemManager sees no modem");
        }
        if (result.exitCode() != 0) {
            return RadioReport.unavailable(at, modem, "mmcli failed (exit " + result.exitCode() + "): " + error);
        }
        Map<String, List<String>> fields = parse(result.stdout());
        String quality = one(fields, "modem.generic.signal-quality.value");
        return new RadioReport(at, modem, quality == null ? null : Integer.valueOf(quality),
                "yes".equals(one(fields, "modem.generic.signal-quality.recent")),
                fields.getOrDefault("modem.generic.access-technologies", List.of()),
                one(fields, "modem.3gpp.operator-name"), one(fields, "modem.3gpp.operator-code"),
                one(fields, "modem.generic.state"), null);
    }

    private static String one(Map<String, List<String>> fields, String key) {
        List<String> values = fields.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The fields of {@code -K} output: each key with its values, a list's {@code .value[i]} lines gathered under the
     * key itself, {@code --} (no value) as no value.
     */
    static Map<String, List<String>> parse(String output) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(" : ");
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = unescape(line.substring(colon + 3));
            if (key.endsWith(".length")) {
                fields.putIfAbsent(key.substring(0, key.length() - ".length".length()), new ArrayList<>());
                continue;
            }
            int index = key.lastIndexOf(".value[");
            if (index > 0 && key.endsWith("]")) {
                key = key.substring(0, index);
            }
            List<String> values = fields.computeIfAbsent(key, k -> new ArrayList<>());
            if (!value.equals("--")) {
                values.add(value);
            }
        }
        return fields;
    }

    /** Undoes {@code g_strescape}: {@code \n}, {@code \t}, {@code \\}, {@code \"}, … and octal bytes ({@code \343\201\202}, UTF-8). */
    static String unescape(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] != '\\' || i + 1 == in.length) {
                bytes.write(in[i]);
                continue;
            }
            byte c = in[++i];
            if (c >= '0' && c <= '7') {
                int n = 0;
                int digits = 0;
                while (digits < 3 && i < in.length && in[i] >= '0' && in[i] <= '7') {
                    n = n * 8 + (in[i++] - '0');
                    digits++;
                }
                i--;
                bytes.write(n);
            } else {
                bytes.write(switch (c) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'v' -> 0x0b;
                    default -> c;
                });
            }
        }
        return bytes.toString(StandardCharsets.UTF_8).trim();
    }
}

package io.dualmodem.datause;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as people write them: {@code 500MB}, {@code 1.5GB}, {@code 200MiB}; kB/MB/GB are 1000-based, KiB/MiB/GiB 1024-based. */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,6})?)\\s*(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?");
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private ByteSize() {
    }

    /** The number of bytes {@code text} says; empty when it is not a size. */
    public static Optional<Long> parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        double factor = switch (unit) {
            case "B" -> 1;
            case "kB", "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L << 40;
        };
        double bytes = n * factor;
        return bytes >= Long.MAX_VALUE ? Optional.empty() : Optional.of(Math.round(bytes));
    }

    /** {@code 1234567} as {@code 1.2 MB}. */
    public static String format(long bytes) {
        double n = bytes;
        int unit = 0;
        while (n >= 1000 && unit < UNITS.length - 1) {
            n /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", n, UNITS[unit]);
    }
}

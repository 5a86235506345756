package io.dualmodem.settings;

import io.dualmodem.storage.FilePath;
import io.dualmodem.uplink.UplinkTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads typed, range-checked values of settings; every failure names the key and the value.
 *
 * <p>Every default lives in the packaged {@code application.properties}: a key missing there is a
 * bug, reported as such. The reader remembers each key it was asked for, and Camel's placeholders
 * report theirs through {@link #noteRead}, so {@link #rejectUnread} can call a key that is set but
 * read by nothing what it almost always is: a misspelling.
 */
public final class SettingsReader {

    /** A value as found, and whether it is the packaged default (nothing overrides it). */
    public record Found(String value, boolean packaged) {
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)?");

    private final Function<String, Optional<Found>> lookup;
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    public SettingsReader(Function<String, Optional<Found>> lookup) {
        this.lookup = lookup;
    }

    /** Records a key that something other than this reader (a route's placeholder) read. */
    public void noteRead(String key) {
        read.add(key);
    }

    /**
     * Stops start-up on a key under one of {@code prefixes} that is set but was never read.
     *
     * @param present every key set in a properties file or as a system property
     */
    public void rejectUnread(Set<String> present, Set<String> prefixes) {
        for (String key : new TreeSet<>(present)) {
            Optional<String> prefix = prefixes.stream().filter(key::startsWith).findFirst();
            if (prefix.isPresent() && !read.contains(key)) {
                throw new SettingsException("Unknown setting " + key + ": nothing reads it (misspelled?). Known "
                        + prefix.get() + "* settings: " + String.join(", ", read.stream().filter(k -> k.startsWith(prefix.get()))
                        .collect(Collectors.toCollection(TreeSet::new))));
            }
        }
    }

    public String string(String key) {
        return found(key).value().trim();
    }

    /** Whether the key has its packaged value, i.e. the user did not set it. */
    public boolean isPackagedDefault(String key) {
        return found(key).packaged();
    }

    public int integer(String key, long min, long max) {
        return parseInteger(key, string(key), min, max);
    }

    /** Parses a decimal or {@code 0x} hexadecimal whole number given for {@code key}. */
    static int parseInteger(String key, String value, long min, long max) {
        long n;
        try {
            n = value.toLowerCase(Locale.ROOT).startsWith("0x") ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new SettingsException(key, value, "expected a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw new SettingsException(key, value, "expected a whole number from " + min + " to " + max);
        }
        return (int) n;
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(choice(key, "true", "false"));
    }

    public Duration duration(String key, Duration min) {
        String value = string(key);
        Duration d = parseDuration(value).orElseThrow(() -> new SettingsException(key, value,
                "expected a positive duration such as 500ms, 30s, 5m or 1h"));
        if (d.compareTo(min) < 0) {
            throw new SettingsException(key, value, "must be at least " + min.toMillis() + "ms");
        }
        return d;
    }

    public String choice(String key, String... allowed) {
        String value = string(key);
        if (!List.of(allowed).contains(value)) {
            throw new SettingsException(key, value, "expected one of " + String.join(", ", allowed));
        }
        return value;
    }

    public <E extends Enum<E>> E oneOf(String key, Class<E> type) {
        String value = string(key);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new SettingsException(key, value, "expected one of " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /** An http(s) URL; an error shows it without user info or query, where credentials and tokens live. */
    public URI url(String key) {
        String value = string(key);
        String shown = UplinkTarget.shown(value);
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new SettingsException(key, shown, "expected an http:// or https:// URL with a host");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new SettingsException(key, shown, "not a URL: " + e.getReason());
        }
    }

    public Path path(String key) {
        String value = string(key);
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new SettingsException(key, value, "not a file path: " + e.getReason());
        }
    }

    /** A program the application runs (nmcli, mmcli): its path, which an empty value is not. */
    public String program(String key) {
        String value = string(key);
        if (value.isEmpty()) {
            throw new SettingsException(key, value, "empty: the program's path is needed, such as /usr/bin/" + key
                    .substring(key.lastIndexOf('.') + 1));
        }
        return value;
    }

    /** A file the application keeps: set, not a folder, and no file where one of its folders goes. */
    public Path file(String key) {
        if (string(key).isBlank()) {
            throw new SettingsException(key, string(key), "empty: a file path is needed");
        }
        Path file = path(key);
        FilePath.problem(file).ifPresent(problem -> {
            throw new SettingsException(key, string(key), problem + ": name a file");
        });
        return file;
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or plain milliseconds — the forms Camel's timer takes. */
    public static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return Optional.of(switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        });
    }

    /** Whether the key has a value (every setting has one in the packaged file); it does not count as read. */
    public boolean has(String key) {
        return lookup.apply(key).isPresent();
    }

    private Found found(String key) {
        read.add(key);
        return lookup.apply(key).orElseThrow(() -> new SettingsException("Setting " + key
                + " is missing: the packaged application.properties must give every setting a default"));
    }
}

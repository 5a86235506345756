package io.dualmodem;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads typed, range-checked values of settings; every failure names the key and the value. */
public record SettingsReader(Function<String, Optional<String>> lookup) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    /** Rejects a key under one of our prefixes that is not a known key: a misspelled key would silently do nothing. */
    public void rejectUnknown(Collection<String> present, List<String> prefixes, Set<String> known) {
        for (String key : present.stream().sorted().toList()) {
            if (prefixes.stream().anyMatch(key::startsWith) && !known.contains(key)) {
                throw new SettingsException("Unknown setting " + key + " (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    public boolean isSet(String key) {
        return lookup.apply(key).isPresent();
    }

    public String string(String key, String fallback) {
        return lookup.apply(key).map(String::trim).orElse(fallback);
    }

    public int integer(String key, String fallback, long min, long max) {
        String value = string(key, fallback);
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

    public Duration duration(String key, String fallback, Duration min) {
        String value = string(key, fallback);
        Duration d = parseDuration(value).orElseThrow(() -> new SettingsException(key, value,
                "expected a positive duration such as 500ms, 30s, 5m or 1h"));
        if (d.compareTo(min) < 0) {
            throw new SettingsException(key, value, "must be at least " + min.toMillis() + "ms");
        }
        return d;
    }

    public String choice(String key, String fallback, String... allowed) {
        String value = string(key, fallback);
        if (!List.of(allowed).contains(value)) {
            throw new SettingsException(key, value, "expected one of " + String.join(", ", allowed));
        }
        return value;
    }

    public <E extends Enum<E>> E oneOf(String key, String fallback, Class<E> type) {
        String value = string(key, fallback);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new SettingsException(key, value, "expected one of " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }

    public URI url(String key, String fallback) {
        String value = string(key, fallback);
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new SettingsException(key, value, "expected an http:// or https:// URL with a host");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new SettingsException(key, value, "not a URL: " + e.getReason());
        }
    }

    public Path path(String key, String fallback) {
        String value = string(key, fallback);
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new SettingsException(key, value, "not a file path: " + e.getReason());
        }
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
}

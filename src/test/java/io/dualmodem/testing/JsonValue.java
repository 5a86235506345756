package io.dualmodem.testing;

import io.dualmodem.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A read JSON document to look into in a test: {@code path("a").get(0).asText()}; a missing part reads as null/0. */
public final class JsonValue implements Iterable<JsonValue> {

    private final Object value;

    private JsonValue(Object value) {
        this.value = value;
    }

    public static JsonValue parse(String document) {
        try {
            return new JsonValue(Json.read(document.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + document, e);
        }
    }

    /** A string as a JSON string literal. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** Strings, numbers and booleans as a JSON array. */
    public static String array(Object... values) {
        return java.util.Arrays.stream(values).map(v -> v instanceof String s ? quote(s) : String.valueOf(v))
                .collect(Collectors.joining(",", "[", "]"));
    }

    public JsonValue path(String name) {
        return new JsonValue(value instanceof Map<?, ?> map ? map.get(name) : null);
    }

    public JsonValue get(int index) {
        return new JsonValue(value instanceof List<?> list && index < list.size() ? list.get(index) : null);
    }

    public String asText() {
        return value == null || value instanceof Map || value instanceof List ? "" : String.valueOf(value);
    }

    /** A number, or a string that holds one (as health details do); else 0. */
    public long asLong() {
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return value instanceof String s ? Long.parseLong(s) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public int asInt() {
        return (int) asLong();
    }

    public boolean isNumber() {
        return value instanceof Number;
    }

    public int size() {
        return value instanceof List<?> list ? list.size() : value instanceof Map<?, ?> map ? map.size() : 0;
    }

    @Override
    public Iterator<JsonValue> iterator() {
        return value instanceof List<?> list ? list.stream().map(JsonValue::new).iterator() : java.util.Collections.emptyIterator();
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}

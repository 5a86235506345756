package io.dualmodem.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small JSON documents as plain values — {@code Map} (object), {@code List} (array), {@code String}, {@code Long} or
 * {@code Double}, {@code Boolean}, {@code null} — read and written with Jackson's streaming core only. Jackson's
 * data binding would load some 450 classes more at every start-up for the two small documents this application
 * reads: the modem state file and an upload's payload.
 */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** Reads one JSON document; null for an empty one. */
    public static Object read(byte[] document) throws IOException {
        try (JsonParser parser = FACTORY.createParser(document)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Object value = value(parser);
            if (parser.nextToken() != null) {
                throw new IOException("more after the JSON value at " + parser.currentLocation().offsetDescription());
            }
            return value;
        }
    }

    /** A generator writing to {@code out}; the caller closes it. */
    public static JsonGenerator writer(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /** Writes a plain value — a {@code Map} with string keys, a {@code List}, a string, number, boolean or null. */
    public static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> field : map.entrySet()) {
                json.writeFieldName(String.valueOf(field.getKey()));
                write(json, field.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            json.writeNumber(number.doubleValue());
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value == null) {
            json.writeNull();
        } else {
            throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
        }
    }

    /** A plain value as one compact JSON document. */
    public static String text(Object value) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write JSON to a string", e);
        }
        return out.toString();
    }

    /** {@code value} as a map, or null when it is no JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation().offsetDescription());
        }
    }
}

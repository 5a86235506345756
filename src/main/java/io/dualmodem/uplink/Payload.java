package io.dualmodem.uplink;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dualmodem.json.Json;
import io.dualmodem.outbox.Reading;
import io.dualmodem.outbox.ReadingIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON body of an upload, compact because every byte on a SIM is paid for (documented in the README):
 * <pre>{"device":"pi-01","readings":[["lCby3KvvRre7pqi-7Utb-w",42,1796000030123,21.5],
 *  ["9KTf0zJzQUOd2m1mWq3p4A",1,30001,21.508],["S2xa…",1,29999,null,"no ACK"]]}</pre>
 * Each reading is an array {@code [id, seq, time, celsius]}, or {@code [id, seq, time, null, error]} for a failed
 * sample ({@code celsius} to the millidegree, see {@link #celsius}):
 * <ul>
 *   <li>{@code id}: the reading's UUID — its stable, unique id the server drops duplicates by — as its 16 bytes in
 *       base64url without padding (22 characters instead of 36); left out when it is the id before it plus one
 *       ({@link ReadingIds#next}: the readings of one run of the application), so such a row starts with its seq;</li>
 *   <li>{@code seq} and {@code time} (milliseconds since 1970 UTC): absolute in the first reading, in every later one
 *       the difference to the reading before it (gzip and the wire like small repeating numbers).</li>
 * </ul>
 * A batch is of one kind, marked once: {@code "sim":1} for simulated readings, {@code "unsynced":1} for readings whose
 * time comes from a clock that was not synchronized yet and could not be corrected before sending (short names: live,
 * they go with every request).
 */
public final class Payload {

    private Payload() {
    }

    /** Whether two readings may go in one batch: both simulated or both real, both with synchronized times or not. */
    public static boolean sameKind(Reading a, Reading b) {
        return a.simulated() == b.simulated() && a.clockSynced() == b.clockSynced();
    }

    /**
     * @param batch readings in seq order, all of the {@link #sameKind same kind}
     * @throws IllegalArgumentException for an empty or mixed batch
     */
    public static byte[] write(String device, List<Reading> batch) {
        if (batch.isEmpty() || batch.stream().anyMatch(r -> !sameKind(r, batch.get(0)))) {
            throw new IllegalArgumentException("a batch holds one reading or more, all of the same kind");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * batch.size());
        try (JsonGenerator json = Json.writer(out)) {
            json.writeStartObject();
            json.writeStringField("device", device);
            if (batch.get(0).simulated()) {
                json.writeNumberField("sim", 1);
            }
            if (!batch.get(0).clockSynced()) {
                json.writeNumberField("unsynced", 1);
            }
            json.writeArrayFieldStart("readings");
            Reading before = null;
            for (Reading r : batch) {
                json.writeStartArray();
                if (before == null || !ReadingIds.next(UUID.fromString(before.id())).equals(UUID.fromString(r.id()))) {
                    json.writeString(id(r.id()));
                }
                json.writeNumber(before == null ? r.seq() : r.seq() - before.seq());
                long millis = r.time().toEpochMilli();
                json.writeNumber(before == null ? millis : millis - before.time().toEpochMilli());
                if (r.celsius() != null && Double.isFinite(r.celsius())) {
                    json.writeNumber(celsius(r.celsius()));
                } else if (r.celsius() != null) {
                    json.writeNumber(r.celsius()); // Jackson writes NaN or an infinity as a string: the body stays JSON
                } else {
                    json.writeNull();
                    json.writeString(r.error());
                }
                json.writeEndArray();
                before = r;
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON into memory", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a body back into readings (ids as UUID text): what a server does; the demo receiver and the tests use it.
     *
     * @throws IOException when the body is not such a payload
     */
    public static List<Reading> read(byte[] body) throws IOException {
        Map<String, Object> root = Json.object(Json.read(body));
        if (root == null || !(root.get("device") instanceof String device) || !(root.get("readings") instanceof List<?> rows)) {
            throw new IOException("not an upload: no \"device\" and \"readings\"");
        }
        boolean simulated = Long.valueOf(1).equals(root.get("sim"));
        boolean clockSynced = !Long.valueOf(1).equals(root.get("unsynced"));
        List<Reading> readings = new ArrayList<>();
        long seq = 0;
        long millis = 0;
        UUID id = null;
        for (Object r : rows) {
            // a row that starts with its seq has the id after the one before it
            List<?> row = r instanceof List<?> list ? list : List.of();
            boolean ownId = !row.isEmpty() && row.get(0) instanceof String;
            List<?> rest = ownId ? row.subList(1, row.size()) : row;
            if (rest.size() < 3 || !(rest.get(0) instanceof Long seqValue) || !(rest.get(1) instanceof Long timeValue)
                    || (!ownId && id == null)) {
                throw new IOException("reading " + readings.size() + " is not [id, seq, time, celsius] nor, after one,"
                        + " [seq, time, celsius]");
            }
            id = ownId ? uuid((String) row.get(0)) : ReadingIds.next(id);
            seq = readings.isEmpty() ? seqValue : seq + seqValue;
            millis = readings.isEmpty() ? timeValue : millis + timeValue;
            readings.add(new Reading(seq, id.toString(), device, Instant.ofEpochMilli(millis),
                    rest.get(2) instanceof Number celsius ? celsius.doubleValue() : null,
                    rest.size() > 3 && rest.get(3) instanceof String error ? error : null, simulated, clockSynced));
        }
        return readings;
    }

    /**
     * A temperature to the millidegree, without trailing zeros ({@code 21.008}, not {@code 21.0078125}): the ADT7410's
     * 1/128 °C steps come back exactly by rounding to the nearest 1/128 (the error is at most 1/2000 °C, well under
     * half a step), and the kernel's hwmon value is whole millidegrees already.
     */
    static String celsius(double celsius) {
        return BigDecimal.valueOf(Math.round(celsius * 1000), 3).stripTrailingZeros().toPlainString();
    }

    /** A UUID as its 16 bytes in base64url, 22 characters. */
    static String id(String uuid) {
        UUID u = UUID.fromString(uuid);
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static UUID uuid(String id) throws IOException {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(id));
            if (bytes.remaining() != 16) {
                throw new IllegalArgumentException("not 16 bytes");
            }
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (IllegalArgumentException e) {
            throw new IOException("id " + id + " is not a UUID in base64url: " + e.getMessage());
        }
    }
}

package io.dualmodem.modem;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dualmodem.json.Json;
import io.dualmodem.storage.AtomicFile;
import io.dualmodem.storage.DamagedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which modem is active and the recent switches, in a small JSON file (the article's {@code mode}
 * file, done properly). Each change is written to a temporary file, fsynced and renamed over the
 * old one, so after a crash the file holds either the previous or the new state, never half.
 *
 * <p>Memory is the truth while the application runs: a write that fails (a full disk) changes
 * nothing in memory, is reported by {@link #writeError()} and logged once, and is done again by
 * {@link #retryWrite()} until it succeeds.
 *
 * <p>A file that does not read (empty, garbled, cut short, not this shape) never stops start-up:
 * it is moved aside ({@code modem-state.json.corrupt-STAMP}), the active modem and each switch
 * record that still read are kept, and that is written as the new file. Nothing else depends on
 * this file: without it the failover starts from the primary modem.
 */
public final class ModemState {

    private static final Logger LOG = LoggerFactory.getLogger(ModemState.class);
    private static final int HISTORY = 100;

    /** The boards' ids, as in modem.a.* and modem.b.*. */
    private static final Set<String> BOARDS = Set.of("a", "b");

    private final Path file;
    private String active;
    private final List<SwitchRecord> history = new ArrayList<>();
    private String writeError;

    public ModemState(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            load();
        }
    }

    private void load() {
        String damage;
        try {
            Object document = Json.read(Files.readAllBytes(file));
            Map<String, Object> object = Json.object(document);
            damage = object != null ? keepWhatReads(object) : document == null ? "empty" : "not a JSON object";
        } catch (IOException e) {
            damage = e.getMessage().lines().findFirst().orElse(e.toString());
        }
        if (damage != null) {
            setAside(damage);
        }
    }

    /** Takes the active modem and each switch record that reads; returns what did not, or null when all did. */
    private String keepWhatReads(Map<String, Object> node) {
        List<String> problems = new ArrayList<>();
        Object activeValue = node.get("active");
        if (activeValue instanceof String name && BOARDS.contains(name)) {
            active = name;
        } else if (activeValue != null) {
            problems.add("active is not a board's id (a, b)");
        }
        Object records = node.get("history");
        if (records instanceof List<?> list) {
            int unreadable = 0;
            for (Object record : list) {
                try {
                    history.add(switchRecord(Json.object(record)));
                } catch (RuntimeException e) {
                    unreadable++;
                }
            }
            if (unreadable > 0) {
                problems.add(unreadable + " of " + list.size() + " switch records unreadable");
            }
        } else if (node.containsKey("history")) {
            problems.add("history is not a list");
        }
        return problems.isEmpty() ? null : String.join(", ", problems);
    }

    /** @throws RuntimeException when {@code r} is no switch record (not an object, a field of the wrong type) */
    private static SwitchRecord switchRecord(Map<String, Object> r) {
        List<PowerStep> steps = new ArrayList<>();
        if (r.get("steps") != null) {
            for (Object step : (List<?>) r.get("steps")) {
                Map<String, Object> s = Json.object(step);
                steps.add(new PowerStep((String) s.get("at"), (String) s.get("what"), number(s.get("millis")),
                        (String) s.get("outcome")));
            }
        }
        String failure = (String) r.get("failure");
        return new SwitchRecord((String) r.get("at"), (String) r.get("from"), (String) r.get("to"), (String) r.get("reason"),
                failure == null ? null : SwitchRecord.Failure.valueOf(failure), number(r.get("millis")),
                (String) r.get("outcome"), (String) r.get("active"), steps);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private void setAside(String damage) {
        String kept = (active == null ? "no active modem" : "active modem " + active) + ", " + history.size()
                + " switch records";
        try {
            Path aside = DamagedFile.moveAside(file, Instant.now());
            LOG.warn("Modem state file {} is damaged ({}): moved aside to {}; starting with what still read: {}", file,
                    damage, aside, kept);
            save();
        } catch (IOException e) {
            LOG.warn("Modem state file {} is damaged ({}) and cannot be moved aside ({}); starting with what still read: {}",
                    file, damage, e.toString(), kept);
        }
    }

    public synchronized String active() {
        return active;
    }

    public synchronized List<SwitchRecord> history() {
        return List.copyOf(history);
    }

    /** Why the last write failed, or null when the file is up to date. */
    public synchronized String writeError() {
        return writeError;
    }

    public synchronized void record(SwitchRecord record) {
        history.add(record);
        while (history.size() > HISTORY) {
            history.remove(0);
        }
        active = record.active();
        save();
    }

    public synchronized void setActive(String nowActive) {
        active = nowActive;
        save();
    }

    public synchronized void retryWrite() {
        if (writeError != null) {
            save();
        }
    }

    private void save() {
        try {
            AtomicFile.write(file, document());
            if (writeError != null) {
                LOG.info("Modem state written to {} again", file);
            }
            writeError = null;
        } catch (IOException e) {
            if (writeError == null) {
                LOG.warn("Cannot write the modem state to {} ({}): kept in memory, retried until it works — "
                        + "free space or fix the folder's permissions", file, e.toString());
            }
            writeError = e.toString();
        }
    }

    private byte[] document() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = Json.writer(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("active", active);
            json.writeFieldName("history");
            Json.write(json, history.stream().map(SwitchRecord::fields).toList());
            json.writeEndObject();
        }
        return out.toByteArray();
    }
}

package io.dualmodem.datause;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dualmodem.json.Json;
import io.dualmodem.storage.AtomicFile;
import io.dualmodem.storage.DamagedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-use counts in a small JSON file, replaced as a whole ({@link AtomicFile}): totals per SIM and month, bytes
 * not yet given a month, the last counter values read per interface, and the month each SIM's quota warning was
 * given. Totals and counter values are written together, so after a crash they agree. A file that does not read is
 * moved aside and counting starts again; it never stops start-up.
 * <pre>{"months":{"a:gsm-3gpi-soracom":{"2026-12":{"sent":1200,"received":3400}}},
 *  "unattributed":{"a:gsm-3gpi-soracom":{"sent":10,"received":20}},
 *  "interfaces":{"ppp0":{"boot":"6f1c…","ifindex":7,"sent":1210,"received":3420}},
 *  "warned":{"a:gsm-3gpi-soracom":"2026-12"}}</pre>
 */
public final class DataUseFile {

    private static final Logger LOG = LoggerFactory.getLogger(DataUseFile.class);

    /** The last counters read from one instance of an interface (this boot, this ifindex). */
    record Baseline(String boot, int ifindex, long sent, long received) {
    }

    /** Everything the file holds. */
    record Content(Map<String, TreeMap<String, Totals>> months, Map<String, Totals> unattributed,
                   Map<String, Baseline> interfaces, Map<String, String> warned) {

        static Content empty() {
            return new Content(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        }
    }

    private final Path file;

    public DataUseFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    Content load() {
        if (!Files.exists(file)) {
            return Content.empty();
        }
        try {
            Map<String, Object> root = Json.object(Json.read(Files.readAllBytes(file)));
            if (root == null) {
                throw new IOException("not a JSON object");
            }
            Content content = Content.empty();
            map(root.get("months")).forEach((sim, months) -> {
                TreeMap<String, Totals> bySim = new TreeMap<>();
                map(months).forEach((month, totals) -> bySim.put(month, totals(totals)));
                content.months().put(simKey(sim), bySim);
            });
            map(root.get("unattributed")).forEach((sim, totals) -> content.unattributed().put(simKey(sim), totals(totals)));
            map(root.get("interfaces")).forEach((iface, b) -> {
                Map<String, Object> baseline = map(b);
                content.interfaces().put(iface, new Baseline(text(baseline.get("boot")),
                        (int) number(baseline.get("ifindex")), number(baseline.get("sent")), number(baseline.get("received"))));
            });
            map(root.get("warned")).forEach((sim, month) -> content.warned().put(simKey(sim), text(month)));
            return content;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(e.toString());
            try {
                Path aside = DamagedFile.moveAside(file, Instant.now());
                LOG.warn("Data-use file {} is damaged ({}): moved aside to {}; counting starts again", file, why, aside);
            } catch (IOException moveFailed) {
                LOG.warn("Data-use file {} is damaged ({}) and cannot be moved aside ({}); counting starts again", file,
                        why, moveFailed.toString());
            }
            return Content.empty();
        }
    }

    /** @throws IOException when the file cannot be written; it then holds what it held */
    void save(Content content) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> months = new LinkedHashMap<>();
        content.months().forEach((sim, bySim) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            bySim.forEach((month, totals) -> m.put(month, fields(totals)));
            months.put(sim, m);
        });
        root.put("months", months);
        Map<String, Object> unattributed = new LinkedHashMap<>();
        content.unattributed().forEach((sim, totals) -> unattributed.put(sim, fields(totals)));
        root.put("unattributed", unattributed);
        Map<String, Object> interfaces = new LinkedHashMap<>();
        content.interfaces().forEach((iface, b) -> {
            Map<String, Object> baseline = new LinkedHashMap<>();
            baseline.put("boot", b.boot());
            baseline.put("ifindex", (long) b.ifindex());
            baseline.put("sent", b.sent());
            baseline.put("received", b.received());
            interfaces.put(iface, baseline);
        });
        root.put("interfaces", interfaces);
        root.put("warned", new LinkedHashMap<String, Object>(content.warned()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = Json.writer(out)) {
            json.useDefaultPrettyPrinter();
            Json.write(json, root);
        }
        AtomicFile.write(file, out.toByteArray());
    }

    static Map<String, Object> fields(Totals totals) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sent", totals.sent());
        fields.put("received", totals.received());
        return fields;
    }

    private static Totals totals(Object value) {
        Map<String, Object> fields = map(value);
        return new Totals(number(fields.get("sent")), number(fields.get("received")));
    }

    /** A JSON object's fields; an absent one is empty; anything else is damage. */
    private static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        Map<String, Object> map = Json.object(value);
        if (map == null) {
            throw new IllegalArgumentException("expected an object, found " + value);
        }
        return map;
    }

    /** A SIM's key as {@link Sim#key()} makes it: board, a colon, profile. */
    private static String simKey(String key) {
        if (key.indexOf(':') < 1) {
            throw new IllegalArgumentException("expected a SIM as board:profile, found " + key);
        }
        return key;
    }

    private static String text(Object value) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("expected a text, found " + value);
        }
        return text;
    }

    private static long number(Object value) {
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("expected a number, found " + value);
        }
        return n.longValue();
    }
}

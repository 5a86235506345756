package io.dualmodem.datause;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualmodem.storage.AtomicFile;
import io.dualmodem.storage.DamagedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-use counts in a small JSON file, replaced as a whole ({@link AtomicFile}): totals per SIM and month, bytes
 * not yet given a month, the last counter values read per interface, and the month each SIM's quota warning was
 * given. Totals and counter values are written together, so after a crash they agree. A file that does not read is
 * moved aside and counting starts again; it never stops start-up.
 */
public final class DataUseFile {

    private static final Logger LOG = LoggerFactory.getLogger(DataUseFile.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The last counters read from one instance of an interface (this boot, this ifindex). */
    record Baseline(String boot, int ifindex, long sent, long received) {
    }

    /** Everything the file holds. */
    record Content(Map<String, TreeMap<String, Totals>> months, Map<String, Totals> unattributed,
                   Map<String, Baseline> interfaces, Map<String, String> warned) {

        static Content empty() {
            return new Content(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        }

        Content {
            months = months == null ? new TreeMap<>() : new TreeMap<>(months);
            unattributed = unattributed == null ? new TreeMap<>() : new TreeMap<>(unattributed);
            interfaces = interfaces == null ? new TreeMap<>() : new TreeMap<>(interfaces);
            warned = warned == null ? new TreeMap<>() : new TreeMap<>(warned);
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
            Content content = JSON.readValue(file.toFile(), Content.class);
            return content == null ? Content.empty() : content;
        } catch (IOException e) {
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
        AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
    }
}

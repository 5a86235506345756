package io.dualmodem.modem;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class ModemState {

    private static final Logger LOG = LoggerFactory.getLogger(ModemState.class);
    private static final int HISTORY = 100;
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private String active;
    private final List<SwitchRecord> history = new ArrayList<>();
    private String writeError;

    public ModemState(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
                active = node.path("active").isTextual() ? node.get("active").asText() : null;
                history.addAll(JSON.convertValue(node.path("history"), new TypeReference<List<SwitchRecord>>() { }));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read modem state " + file + ": " + e.getMessage(), e);
            }
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
        ObjectNode node = JSON.createObjectNode();
        node.put("active", active);
        node.set("history", JSON.valueToTree(history));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
}

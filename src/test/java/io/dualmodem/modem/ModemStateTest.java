package io.dualmodem.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModemStateTest {

    @TempDir
    Path dir;

    private static SwitchRecord toB() {
        return new SwitchRecord("2026-11-23T00:00:00Z", "a", "b", "test", SwitchRecord.Failure.NONE, 10, "link up", "b", List.of());
    }

    @Test
    void aWriteThatFailsKeepsTheStateInMemoryReportsItAndIsDoneAgainLater() throws Exception {
        Path file = dir.resolve("modem-state.json");
        ModemState state = new ModemState(file);
        state.setActive("a");
        // the temporary file's name taken by a folder: the write fails for real
        Path blocker = Files.createDirectory(dir.resolve("modem-state.json.tmp"));
        state.record(toB());
        assertEquals("b", state.active());
        assertNotNull(state.writeError());
        assertEquals("a", new ModemState(file).active(), "the file still holds the last state written");
        Files.delete(blocker);
        state.retryWrite();
        assertNull(state.writeError());
        assertEquals("b", new ModemState(file).active());
        assertEquals(1, new ModemState(file).history().size());
    }
}

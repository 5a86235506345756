package io.dualmodem.modem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.dualmodem.testing.CapturedLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
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

    @Test
    void garbageIsMovedAsideUntouchedAndStartUpGoesOnWithNoState() throws Exception {
        byte[] garbage = new byte[300];
        new Random(3).nextBytes(garbage);
        assertStartsFrom(garbage, null, 0);
    }

    @Test
    void anEmptyFileIsMovedAsideAndStartUpGoesOnWithNoState() throws Exception {
        assertStartsFrom(new byte[0], null, 0);
    }

    @Test
    void aFileCutShortKeepsNothingButStartUpGoesOn() throws Exception {
        Path file = dir.resolve("modem-state.json");
        ModemState written = new ModemState(file);
        written.record(toB());
        written.record(toB());
        byte[] whole = Files.readAllBytes(file);
        Files.delete(file);
        assertStartsFrom(Arrays.copyOf(whole, whole.length * 2 / 3), null, 0);
    }

    @Test
    void aFileWithOneBadRecordKeepsTheActiveModemAndTheRecordsThatRead() throws Exception {
        Path file = dir.resolve("modem-state.json");
        ModemState written = new ModemState(file);
        written.record(toB());
        written.record(toB());
        String json = Files.readString(file);
        String oneBad = json.replaceFirst("\"failure\" : \"NONE\"", "\"failure\" : \"MELTED\"");
        assertTrue(!oneBad.equals(json), json);
        Files.delete(file);
        assertStartsFrom(oneBad.getBytes(StandardCharsets.UTF_8), "b", 1);
    }

    @Test
    void anActiveModemThatIsNeitherBoardIsDroppedAndTheRecordsKept() throws Exception {
        Path file = dir.resolve("modem-state.json");
        ModemState written = new ModemState(file);
        written.record(toB());
        String json = Files.readString(file);
        String unknown = json.replaceFirst("\"active\" : \"b\"", "\"active\" : \"c\"");
        assertTrue(!unknown.equals(json), json);
        Files.delete(file);
        // the start-up restore would switch to a modem that does not exist
        assertStartsFrom(unknown.getBytes(StandardCharsets.UTF_8), null, 1);
    }

    /** Writes {@code content} as the state file, starts from it and checks what was kept and what was moved aside. */
    private void assertStartsFrom(byte[] content, String active, int records) throws Exception {
        Path file = dir.resolve("modem-state.json");
        Files.write(file, content);
        try (CapturedLog log = CapturedLog.of(ModemState.class)) {
            ModemState state = new ModemState(file);
            assertEquals(active, state.active());
            assertEquals(records, state.history().size());
            assertEquals(1, log.at(Level.WARN).size(), () -> "one WARN: " + log.at(Level.WARN));
            assertEquals(List.of(), log.withStackTrace());
            Path aside;
            try (Stream<Path> files = Files.list(dir)) {
                aside = files.filter(p -> p.getFileName().toString().matches("modem-state\\.json\\.corrupt-\\d{8}T\\d{6}Z"))
                        .findFirst().orElseThrow();
            }
            assertArrayEquals(content, Files.readAllBytes(aside));
            assertTrue(log.at(Level.WARN).get(0).getFormattedMessage().contains(aside.toString()));
        }
        ModemState reread = new ModemState(file);
        assertEquals(active, reread.active(), "what was kept is written back as a good file");
        assertEquals(records, reread.history().size());
    }
}

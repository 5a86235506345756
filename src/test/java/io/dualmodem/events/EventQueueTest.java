package io.dualmodem.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.outbox.EventQueue;
import io.dualmodem.outbox.EventQueue.Stored;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.sensor.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events table in a real outbox file: order, persistence, its bound, a disk that cannot be written, and the readings left alone. */
class EventQueueTest {

    @TempDir
    Path dir;

    @Test
    void eventsSurviveAReopenInOrderAndLeaveOnlyWhenRemoved() {
        Path file = dir.resolve("outbox.db");
        try (EventQueue queue = new EventQueue(file, 100)) {
            queue.append("id-1", "start", "2026-12-07T00:00:00Z", "{\"version\":\"1\"}");
            queue.append("id-2", "switch", "2026-12-07T00:01:00Z", "{\"from\":\"a\",\"to\":\"b\"}");
            queue.append("id-2", "switch", "2026-12-07T00:01:00Z", "{}"); // the same id twice is stored once
        }
        try (EventQueue reopened = new EventQueue(file, 100)) { // as after kill -9: nothing was sent
            List<Stored> waiting = reopened.oldest(10);
            assertEquals(List.of("id-1", "id-2"), waiting.stream().map(Stored::id).toList());
            assertTrue(waiting.get(0).seq() < waiting.get(1).seq());
            assertEquals("{\"from\":\"a\",\"to\":\"b\"}", waiting.get(1).body());
            reopened.remove(waiting.subList(0, 1));
            assertEquals(1, reopened.depth());
        }
        try (EventQueue again = new EventQueue(file, 100)) {
            assertEquals(List.of("id-2"), again.oldest(10).stream().map(Stored::id).toList());
        }
    }

    @Test
    void beyondItsCapacityTheOldestAreDroppedAndCounted() {
        try (EventQueue queue = new EventQueue(dir.resolve("outbox.db"), 10)) {
            for (int i = 1; i <= 13; i++) {
                queue.append("id-" + i, "status", "2026-12-07T00:00:00Z", "{}");
            }
            assertEquals(10, queue.depth());
            assertEquals(3, queue.dropped());
            assertEquals("id-4", queue.oldest(1).get(0).id());
        }
    }

    @Test
    void whileTheFileCannotBeWrittenEventsWaitInMemoryAndAreWrittenWhenItCan() throws Exception {
        Path blocker = dir.resolve("data");
        Files.writeString(blocker, "a file where the data folder should be");
        try (EventQueue queue = new EventQueue(blocker.resolve("outbox.db"), 100)) {
            queue.append("id-1", "switch", "2026-12-07T00:00:00Z", "{}");
            assertNotNull(queue.fault());
            assertEquals(1, queue.depth());
            assertTrue(queue.oldest(10).isEmpty());
            Files.delete(blocker);
            queue.append("id-2", "status", "2026-12-07T00:01:00Z", "{}");
            assertNull(queue.fault());
            assertEquals(List.of("id-1", "id-2"), queue.oldest(10).stream().map(Stored::id).toList());
        }
    }

    @Test
    void theReadingsInTheSameFileAreUntouched() {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = new Outbox(file, 100, "pi"); EventQueue events = new EventQueue(file, 100)) {
            outbox.append(Sample.of(Instant.parse("2026-12-07T00:00:00Z"), 21.5, false));
            events.append("id-1", "start", "2026-12-07T00:00:00Z", "{}");
            outbox.append(Sample.of(Instant.parse("2026-12-07T00:00:30Z"), 21.6, false));
            assertEquals(2, outbox.depth());
            assertEquals(List.of(1L, 2L), outbox.oldest(10).stream().map(r -> r.seq()).toList());
            events.remove(events.oldest(10));
            assertEquals(2, outbox.depth());
        }
    }
}

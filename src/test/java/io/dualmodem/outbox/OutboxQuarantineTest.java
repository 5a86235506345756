package io.dualmodem.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dualmodem.sensor.Sample;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quarantine's bound (oldest dropped and counted) and the way back into the queue, surviving a reopen. */
class OutboxQuarantineTest {

    @TempDir
    Path dir;

    private static Sample sample(int i) {
        return Sample.of(Instant.parse("2026-11-23T00:00:00Z").plusSeconds(30L * i), 20 + i / 10.0, false);
    }

    private static List<Long> seqs(List<Reading> readings) {
        return readings.stream().map(Reading::seq).toList();
    }

    @Test
    void theQuarantineKeepsItsNewestAndCountsWhatItDropsAcrossReopening() {
        Path file = dir.resolve("o.db");
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            for (int i = 0; i < 6; i++) {
                outbox.append(sample(i));
            }
            outbox.quarantine(outbox.oldest(4), "HTTP 422");
            assertEquals(0, outbox.trimQuarantine(4));
            assertEquals(2, outbox.trimQuarantine(2));
            assertEquals(2, outbox.quarantined());
            assertEquals(2, outbox.depth());
        }
        try (Outbox outbox = new Outbox(file, 100, "pi-1")) {
            assertEquals(2, outbox.quarantineDropped());
            assertEquals(2, outbox.requeueQuarantined());
            assertEquals(List.of(3L, 4L, 5L, 6L), seqs(outbox.oldest(10)), "seqs 3 and 4, the newer two, are back in front");
            assertEquals(0, outbox.quarantined());
            assertEquals(4, outbox.depth());
        }
    }

    @Test
    void requeuedReadingsKeepTheirIdsAndFillOnlyTheRoomTheQueueHas() {
        try (Outbox outbox = new Outbox(dir.resolve("o.db"), 10, "pi-1")) {
            for (int i = 0; i < 10; i++) {
                outbox.append(sample(i));
            }
            List<Reading> rejected = outbox.oldest(5);
            outbox.quarantine(rejected, "HTTP 400");
            for (int i = 10; i < 13; i++) {
                outbox.append(sample(i));
            }
            assertEquals(8, outbox.depth());
            assertEquals(2, outbox.requeueQuarantined(), "room for 2 in a queue of 10 holding 8");
            assertEquals(rejected.subList(0, 2), outbox.oldest(2), "same seq, id, time and value");
            assertEquals(3, outbox.quarantined());
            assertEquals(0, outbox.requeueQuarantined(), "no room left");
            assertEquals(0, outbox.dropped(), "a requeue never drops a queued reading");
            assertEquals(14L, outbox.append(sample(13)).seq(), "seq is never reused");
        }
    }
}

package io.dualmodem.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.outbox.Reading;
import io.dualmodem.sensor.Sample;
import io.dualmodem.testing.VirtualTime;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploaderTest {

    @TempDir
    Path dir;
    private final VirtualTime clock = new VirtualTime("2026-11-23T00:00:00Z");
    private Outbox outbox;
    private Uploader uploader;

    @BeforeEach
    void setUp() {
        outbox = new Outbox(dir.resolve("o.db"), 1000, "pi-1");
        uploader = new Uploader(outbox, "pi-1", 3, Duration.ofSeconds(5), Duration.ofSeconds(40), clock);
        for (int i = 0; i < 7; i++) {
            outbox.append(Sample.of(Instant.parse("2026-11-23T00:00:00Z").plusSeconds(30L * i), 20 + i, i == 6));
        }
    }

    @AfterEach
    void tearDown() {
        outbox.close();
    }

    @Test
    void acceptedBatchesLeaveTheOutboxInOrder() {
        List<Reading> first = uploader.nextBatch();
        assertEquals(List.of(1L, 2L, 3L), seqs(first));
        assertTrue(uploader.onResponse(first, 201).isAccepted());
        assertEquals(List.of(4L, 5L, 6L), seqs(uploader.nextBatch()));
        assertEquals(4, outbox.depth());
        assertEquals(3, uploader.uploadedCount());
    }

    @Test
    void failuresKeepReadingsAndBackOffDoublingToTheMaximum() {
        List<Reading> batch = uploader.nextBatch();
        assertEquals(Fault.SERVER, uploader.onResponse(batch, 503).fault());
        assertEquals(7, outbox.depth());
        assertEquals(List.of(), uploader.nextBatch());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(seqs(batch), seqs(uploader.nextBatch()), "the same readings are tried again");

        UploadOutcome link = uploader.onException(batch, new ConnectException("Connection refused"));
        assertEquals(Fault.LINK, link.fault());
        assertEquals(0, link.httpStatus());
        clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of(), uploader.nextBatch(), "second back-off is 10 s");
        clock.advance(Duration.ofSeconds(1));
        uploader.onException(batch, new ConnectException("refused")); // 20 s
        clock.advance(Duration.ofSeconds(20));
        uploader.onException(batch, new ConnectException("refused")); // 40 s
        clock.advance(Duration.ofSeconds(40));
        uploader.onException(batch, new ConnectException("refused")); // capped at 40 s
        clock.advance(Duration.ofSeconds(40));
        assertEquals(3, uploader.nextBatch().size());
        assertEquals(4, uploader.faultCount(Fault.LINK));
        assertEquals(1, uploader.faultCount(Fault.SERVER));

        uploader.onResponse(uploader.nextBatch(), 200);
        assertEquals(3, uploader.nextBatch().size(), "success ends the back-off");
    }

    @Test
    void rejectedBatchIsResentOneByOneAndOnlyTheBadReadingIsQuarantined() {
        List<Reading> batch = uploader.nextBatch();
        assertEquals(Fault.REJECTED, uploader.onResponse(batch, 400).fault());
        assertEquals(7, outbox.depth());
        // one at a time now: 1 is fine, 2 is the bad one, 3 is fine
        assertEquals(List.of(1L), seqs(uploader.nextBatch()));
        uploader.onResponse(uploader.nextBatch(), 201);
        assertEquals(List.of(2L), seqs(uploader.nextBatch()));
        uploader.onResponse(uploader.nextBatch(), 422);
        assertEquals(1, outbox.quarantined());
        assertEquals(List.of(3L), seqs(uploader.nextBatch()));
        uploader.onResponse(uploader.nextBatch(), 201);
        assertEquals(List.of(4L, 5L, 6L), seqs(uploader.nextBatch()), "back to full batches after the rejected one");
    }

    @Test
    void payloadCarriesIdsTimesValuesAndTheSimulationMark() throws Exception {
        List<Reading> all = outbox.oldest(10);
        JsonNode body = new ObjectMapper().readTree(uploader.toJson(all.subList(5, 7)));
        assertEquals("pi-1", body.get("device").asText());
        JsonNode real = body.get("readings").get(0);
        assertEquals(all.get(5).id(), real.get("id").asText());
        assertEquals("2026-11-23T00:02:30Z", real.get("time").asText());
        assertEquals(25.0, real.get("celsius").asDouble());
        assertTrue(real.path("simulated").isMissingNode());
        assertTrue(body.get("readings").get(1).get("simulated").asBoolean());
    }

    private static List<Long> seqs(List<Reading> batch) {
        return batch.stream().map(Reading::seq).toList();
    }

    @Test
    void aNewLineEndsTheBackOffAtOnce() {
        List<Reading> batch = uploader.nextBatch();
        uploader.onException(batch, new ConnectException("Connection refused"));
        assertEquals(List.of(), uploader.nextBatch(), "backing off");
        uploader.lineChanged();
        assertEquals(seqs(batch), seqs(uploader.nextBatch()), "sent over the new line without waiting");
    }
}

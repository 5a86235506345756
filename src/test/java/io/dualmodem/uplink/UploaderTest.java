package io.dualmodem.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.outbox.Outbox;
import io.dualmodem.outbox.Reading;
import io.dualmodem.sensor.Sample;
import io.dualmodem.testing.LogLines;
import io.dualmodem.testing.VirtualTime;
import java.net.ConnectException;
import java.net.URI;
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
        uploader = new Uploader(outbox, settings(target("http://server.test/readings", "")), 2, clock);
        for (int i = 0; i < 7; i++) {
            outbox.append(Sample.of(Instant.parse("2026-11-23T00:00:00Z").plusSeconds(30L * i), 20 + i, i == 6));
        }
    }

    @AfterEach
    void tearDown() {
        outbox.close();
    }

    /** Batches of 3, back-off 5 s doubling to 40 s, Retry-After honoured up to 10 min. */
    static UplinkSettings settings(UplinkTarget target) {
        return new UplinkSettings(target, 3, Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofMinutes(10),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    static UplinkTarget target(String url, String headers) {
        return UplinkTarget.of(URI.create(url), headers);
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
        clock.advance(Duration.ofSeconds(4));
        assertEquals(List.of(), uploader.nextBatch(), "a new kind of fault: 5 s again");
        clock.advance(Duration.ofSeconds(1));
        uploader.onException(batch, new ConnectException("refused")); // 10 s
        clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of(), uploader.nextBatch(), "second back-off is 10 s");
        clock.advance(Duration.ofSeconds(1));
        uploader.onException(batch, new ConnectException("refused")); // 20 s
        clock.advance(Duration.ofSeconds(20));
        uploader.onException(batch, new ConnectException("refused")); // 40 s
        clock.advance(Duration.ofSeconds(40));
        uploader.onException(batch, new ConnectException("refused")); // capped at 40 s
        clock.advance(Duration.ofSeconds(39));
        assertEquals(List.of(), uploader.nextBatch(), "capped at 40 s");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(3, uploader.nextBatch().size());
        assertEquals(5, uploader.faultCount(Fault.LINK));
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
    void aBatchNeverMixesSimulatedAndRealReadings() {
        outbox.remove(outbox.oldest(5));
        List<Reading> batch = uploader.nextBatch();
        assertEquals(List.of(6L), seqs(batch), "seq 7 is simulated: it goes in the next batch");
        uploader.onResponse(batch, 201);
        assertEquals(List.of(7L), seqs(uploader.nextBatch()));
    }

    @Test
    void readingsWaitUpToTheMaxDelayUnlessAFullBatchWaits() {
        outbox.remove(outbox.oldest(7));
        Uploader batching = new Uploader(outbox, withMaxDelay(Duration.ofMinutes(5), java.util.Map.of()), 2, clock);
        outbox.append(Sample.of(clock.instant(), 20, false));
        assertEquals(List.of(), batching.nextBatch(), "one reading waits");
        clock.advance(Duration.ofSeconds(299));
        outbox.append(Sample.of(clock.instant(), 21, false));
        assertEquals(List.of(), batching.nextBatch(), "its wait is not over");
        clock.advance(Duration.ofSeconds(1));
        List<Reading> due = batching.nextBatch();
        assertEquals(2, due.size(), "after 5 min both go together");
        batching.onResponse(due, 201);

        outbox.append(Sample.of(clock.instant(), 22, false));
        assertEquals(List.of(), batching.nextBatch(), "a new wait starts with the next reading");
        clock.advance(Duration.ofMinutes(4));
        outbox.append(Sample.of(clock.instant(), 23, false));
        outbox.append(Sample.of(clock.instant(), 24, false));
        outbox.append(Sample.of(clock.instant(), 25, false));
        List<Reading> full = batching.nextBatch();
        assertEquals(3, full.size(), "a full batch goes at once");
        batching.onResponse(full, 201);
        assertEquals(List.of(), batching.nextBatch(), "the one left over waits out the wait begun 4 min ago");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, batching.nextBatch().size());
    }

    @Test
    void eachModemsLineCanHaveItsOwnMaxDelay() {
        outbox.remove(outbox.oldest(7));
        Uploader perLine = new Uploader(outbox, withMaxDelay(Duration.ZERO, java.util.Map.of("b", Duration.ofMinutes(10))),
                2, clock);
        java.util.concurrent.atomic.AtomicReference<String> line = new java.util.concurrent.atomic.AtomicReference<>("b");
        perLine.cadence().followLine(line::get);
        outbox.append(Sample.of(clock.instant(), 20, false));
        assertEquals(List.of(), perLine.nextBatch(), "on b a reading waits");
        clock.advance(Duration.ofMinutes(9));
        assertEquals(List.of(), perLine.nextBatch());
        line.set("a");
        assertEquals(1, perLine.nextBatch().size(), "on a it goes at once, the wait on b is over with the switch");
    }

    private static UplinkSettings withMaxDelay(Duration delay, java.util.Map<String, Duration> perModem) {
        UplinkSettings s = settings(target("http://server.test/readings", ""));
        return new UplinkSettings(s.target(), s.batchSize(), s.retryInitial(), s.retryMax(), s.retryAfterMax(),
                s.connectTimeout(), s.responseTimeout(), false, delay, perModem, s.breaker());
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

    @Test
    void aServerThatRefusesUsKeepsEveryReadingBacksOffAndRaisesTheAlarmOncePerEpisode() {
        LogLines alarms = LogLines.of(UplinkAlarm.class);
        for (int status : new int[] {401, 401, 401, 404, 404}) {
            List<Reading> batch = uploader.nextBatch();
            assertEquals(3, batch.size());
            UploadOutcome outcome = uploader.onResponse(batch, status);
            assertEquals(Fault.MISCONFIGURED, outcome.fault());
            assertTrue(outcome.serverAnswered(), "the line carried it");
            assertEquals(List.of(), uploader.nextBatch(), "backing off");
            clock.advance(Duration.ofSeconds(40));
        }
        assertEquals(7, outbox.depth(), "every reading kept");
        assertEquals(0, outbox.quarantined());
        assertEquals("server has nothing at this URL (HTTP 404): check the path in uplink.url", uploader.alarm());
        assertEquals(List.of(
                "WARN Uplink alarm: server refuses our credentials (HTTP 401): check uplink.url / uplink.headers."
                        + " Readings are kept and retried.",
                "WARN Uplink alarm: server has nothing at this URL (HTTP 404): check the path in uplink.url."
                        + " Readings are kept and retried."), alarms.lines());

        uploader.onResponse(uploader.nextBatch(), 201);
        assertNull(uploader.alarm());
        assertEquals("INFO Uplink alarm over: the server accepted an upload (HTTP 201)", alarms.lines().get(2));
        assertEquals(5, uploader.faultCount(Fault.MISCONFIGURED));
    }

    @Test
    void onlyContentRejectionsQuarantineAndTheQuarantineDropsItsOldestBeyondItsCapacity() {
        for (int status : new int[] {400, 413, 415, 422}) {
            List<Reading> one = outbox.oldest(1);
            assertEquals(Fault.REJECTED, uploader.onResponse(one, status).fault());
        }
        assertEquals(2, outbox.quarantined(), "capacity 2");
        assertEquals(2, outbox.quarantineDropped());
        assertEquals(3, outbox.depth());
        assertEquals("2 readings moved back into the queue; 0 still quarantined", uploader.requeueQuarantined());
        assertEquals(List.of(3L, 4L, 5L), seqs(outbox.oldest(3)), "the two newest were kept, and go first again");
    }

    @Test
    void aServerThatRejectsEveryReadingOneByOneRaisesTheAlarmAndTheFirstAcceptedUploadClearsIt() {
        LogLines alarms = LogLines.of(UplinkAlarm.class);
        for (int i = 1; i < Uploader.REJECTIONS_FOR_ALARM; i++) {
            uploader.onResponse(outbox.oldest(1), 415);
        }
        assertNull(uploader.alarm(), "a bad reading or two is the data's fault");
        uploader.onResponse(outbox.oldest(1), 201);
        for (int i = 1; i < Uploader.REJECTIONS_FOR_ALARM; i++) {
            uploader.onResponse(outbox.oldest(1), 415);
        }
        assertNull(uploader.alarm(), "the server accepted one between: the count started again");
        uploader.onResponse(outbox.oldest(1), 415);
        assertEquals("server rejected the last 3 readings one by one (HTTP 415) and accepted none: it refuses every"
                + " reading, not a bad one: check uplink.gzip (does the server take gzip?) and the server", uploader.alarm());
        assertEquals(List.of("WARN Uplink alarm: " + uploader.alarm() + ". They are kept in quarantine;"
                + " requeueQuarantined (JMX) sends them again once it is fixed."), alarms.lines());
        uploader.onResponse(outbox.oldest(1), 201);
        assertNull(uploader.alarm());
    }

    @Test
    void aRequeuedReadingKeepsItsIdAndGoesFirst() {
        Reading first = outbox.oldest(1).get(0);
        uploader.onResponse(List.of(first), 422);
        assertEquals(List.of(2L, 3L, 4L), seqs(uploader.nextBatch()));
        uploader.requeueQuarantined();
        Reading again = uploader.nextBatch().get(0);
        assertEquals(first.id(), again.id());
        assertEquals(first.seq(), again.seq());
        assertEquals(0, outbox.quarantined());
    }

    @Test
    void answersThatCountAgainstTheCircuitBreakerAreThrownOthersReturned() {
        for (int status : new int[] {500, 502, 503, 429, 408}) {
            ServerFaultException e = assertThrows(ServerFaultException.class, () -> uploader.answer(status, null, null));
            assertEquals(status, e.answer().status());
        }
        for (int status : new int[] {200, 201, 204, 400, 401, 404, 422, 302}) {
            assertEquals(status, uploader.answer(status, null, null).status());
        }
    }

    @Test
    void retryAfterInSecondsIsHonouredFor503And429Only() {
        List<Reading> batch = uploader.nextBatch();
        uploader.onException(batch, assertThrows(ServerFaultException.class, () -> uploader.answer(503, "120", null)));
        clock.advance(Duration.ofSeconds(119));
        assertEquals(List.of(), uploader.nextBatch(), "the server asked for 120 s, the back-off alone is 5 s");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(3, uploader.nextBatch().size());

        uploader.onException(batch, assertThrows(ServerFaultException.class, () -> uploader.answer(429, "30", null)));
        clock.advance(Duration.ofSeconds(29));
        assertEquals(List.of(), uploader.nextBatch());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(3, uploader.nextBatch().size());

        assertTrue(assertThrows(ServerFaultException.class, () -> uploader.answer(500, "120", null)).answer()
                .retryAfter().isEmpty(), "only 429 and 503 carry a Retry-After we honour");
    }

    @Test
    void retryAfterAsADateIsMeasuredAgainstTheServersDateAndCapped() {
        ServerAnswer dated = assertThrows(ServerFaultException.class, () -> uploader.answer(503,
                "Wed, 21 Oct 2026 07:28:00 GMT", "Wed, 21 Oct 2026 07:27:00 GMT")).answer();
        assertEquals(Duration.ofSeconds(60), dated.retryAfter().orElseThrow());
        uploader.onAnswer(uploader.nextBatch(), dated);
        clock.advance(Duration.ofSeconds(59));
        assertEquals(List.of(), uploader.nextBatch());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(3, uploader.nextBatch().size());

        uploader.onAnswer(uploader.nextBatch(), new ServerAnswer(503, java.util.Optional.of(Duration.ofDays(2))));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(3, uploader.nextBatch().size(), "uplink.retry-after-max (10 min here) bounds what a server may ask");
    }

    @Test
    void theBackOffDoublesWhileOneKindOfFaultRepeatsAndStartsAgainForAnother() {
        List<Reading> batch = uploader.nextBatch();
        for (int wait : new int[] {5, 10, 20}) {
            uploader.onException(batch, new ConnectException("refused"));
            clock.advance(Duration.ofSeconds(wait - 1));
            assertEquals(List.of(), uploader.nextBatch());
            clock.advance(Duration.ofSeconds(1));
        }
        uploader.onResponse(batch, 503);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(3, uploader.nextBatch().size(), "the server answered: the line is proven, 5 s again");
    }

    @Test
    void whileTheCircuitBreakerIsOpenItPacesTheUplinkAndItsTrialCarriesOneReading() {
        List<Reading> batch = uploader.nextBatch();
        for (int i = 0; i < 4; i++) {
            uploader.onResponse(batch, 503);
            clock.advance(Duration.ofSeconds(40));
        }
        uploader.breakerOpened(Duration.ofSeconds(2));
        uploader.onResponse(batch, 503); // the call that opened it: its own back-off would be 40 s
        clock.advance(Duration.ofMillis(1999));
        assertEquals(List.of(), uploader.nextBatch());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(1L), seqs(uploader.nextBatch()), "the breaker's trial: one reading");
        uploader.breakerHalfOpen();
        uploader.breakerClosed();
        uploader.onResponse(List.of(batch.get(0)), 201);
        assertEquals(List.of(2L, 3L, 4L), seqs(uploader.nextBatch()), "full batches once it closed");
    }

    @Test
    void aNewLineEndsTheBackOffButNotWhatTheServerAskedFor() {
        List<Reading> batch = uploader.nextBatch();
        uploader.onAnswer(batch, new ServerAnswer(503, java.util.Optional.of(Duration.ofSeconds(60))));
        uploader.lineChanged();
        assertEquals(List.of(), uploader.nextBatch(), "the server asked for 60 s whatever line we use");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(3, uploader.nextBatch().size());
    }

    @Test
    void exceptionTextsLoseTheUplinksSecrets() {
        Uploader withSecrets = new Uploader(outbox, settings(target(
                "https://meter:pa55word@server.test/in?apikey=TOKEN123", "X-Key: hdr-secret")), 2, clock);
        UploadOutcome outcome = withSecrets.onException(withSecrets.nextBatch(), new java.io.IOException(
                "failed https://meter:pa55word@server.test/in?apikey=TOKEN123 with hdr-secret"));
        assertFalse(outcome.detail().contains("pa55word") || outcome.detail().contains("TOKEN123")
                || outcome.detail().contains("hdr-secret"), outcome.detail());
    }
}

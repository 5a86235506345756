package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.RawHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's answer cannot hurt the uplink: a 300 MB answer is cut off after its status (which counts), and an
 * answer trickling a byte every 200 ms holds the upload route no longer than {@code uplink.response-timeout} (3 s
 * here; the socket's read timeout alone never fires on a trickle).
 */
class UploadAnswerBoundsTest extends AppRouteTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final long HUGE = 300L * 1024 * 1024;

    private RawHttpServer raw;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        try {
            raw = new RawHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("uplink.url", raw.url());
        // events go to the recording server: every exchange the raw server sees is an upload of readings
        p.put("uplink.status-url", server.url().replace("/readings", "/status"));
        p.put("uplink.response-timeout", DEADLINE.toMillis() + "ms");
        return p;
    }

    @AfterEach
    void stopRaw() throws IOException {
        raw.close();
    }

    @Test
    void a300MegabyteAnswerWithAContentLengthIsNotReadAndItsStatusCounts() {
        hugeAnswerIsCutOff(false);
    }

    @Test
    void a300MegabyteChunkedAnswerIsCutOffAfterTheCapAndItsStatusCounts() {
        hugeAnswerIsCutOff(true);
    }

    private void hugeAnswerIsCutOff(boolean chunked) {
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().uploadedCount() >= 2);
        long uploadedBefore = uploader().uploadedCount();
        long faultsBefore = faults();
        RawHttpServer.Answer huge = RawHttpServer.huge(HUGE, chunked);
        raw.answer(huge);
        await().atMost(Duration.ofSeconds(20)).until(() -> raw.exchangesAnswered(huge).size() >= 3);
        RawHttpServer.Exchange first = raw.exchangesAnswered(huge).get(0);
        long heldMillis = (first.endNanos() - first.requestNanos()) / 1_000_000;
        System.out.printf("300 MB answer (%s): %d bytes got out, the client hung up after %d ms%n",
                chunked ? "chunked" : "Content-Length", first.bytesOut(), heldMillis);
        assertTrue(first.clientHungUp(), "the client closed the connection instead of reading 300 MB (" + first.bytesOut() + " bytes out)");
        assertTrue(first.bytesOut() < 32L * 1024 * 1024, first.bytesOut() + " bytes got out (socket buffers, not 300 MB)");
        assertTrue(heldMillis < DEADLINE.toMillis(), heldMillis + " ms");
        assertTrue(uploader().uploadedCount() > uploadedBefore, "201 is the answer: those readings left the outbox");
        assertEquals(faultsBefore, faults(), "and the uploads after it went on");
    }

    /** Faults so far; a test counts its own (the simulated line may come up just after the first upload). */
    private long faults() {
        return uploader().faultCount(Fault.LINK) + uploader().faultCount(Fault.SERVER);
    }

    @Test
    void anAnswerTricklingItsBodyIsCutOffAtTheDeadlineAndItsStatusCounts() {
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().uploadedCount() >= 2);
        long uploadedBefore = uploader().uploadedCount();
        long faultsBefore = faults();
        RawHttpServer.Answer trickledBody = RawHttpServer.trickledBody(1000);
        raw.answer(trickledBody);
        await().atMost(DEADLINE.plusSeconds(10)).until(() -> !raw.exchangesAnswered(trickledBody).isEmpty());
        RawHttpServer.Exchange trickled = raw.exchangesAnswered(trickledBody).get(0);
        long heldMillis = (trickled.endNanos() - trickled.requestNanos()) / 1_000_000;
        System.out.printf("body at 5 bytes/s: the client hung up after %d ms, %d bytes out%n", heldMillis, trickled.bytesOut());
        assertTrue(trickled.clientHungUp());
        assertTrue(heldMillis < DEADLINE.toMillis() + 1500, heldMillis + " ms, deadline " + DEADLINE.toMillis());
        // the server sees the hang-up while the uploader is still taking the readings out of the outbox
        await().atMost(Duration.ofSeconds(5)).until(() -> uploader().uploadedCount() > uploadedBefore);
        assertEquals(faultsBefore, faults(), "its 201 came in time: accepted, not a fault");
    }

    @Test
    void anAnswerTricklingItsStatusLineIsALinkFaultAtTheDeadline() {
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().uploadedCount() >= 2);
        RawHttpServer.Answer trickledHead = RawHttpServer.trickledHead();
        raw.answer(trickledHead);
        await().atMost(DEADLINE.plusSeconds(10)).until(() -> uploader().lastOutcome().fault() == Fault.LINK
                && uploader().lastOutcome().detail().contains("no answer within 3000 ms (uplink.response-timeout)"));
        String outcome = uploader().lastOutcome().toString();
        await().atMost(Duration.ofSeconds(5)).until(() -> !raw.exchangesAnswered(trickledHead).isEmpty());
        RawHttpServer.Exchange trickled = raw.exchangesAnswered(trickledHead).get(0);
        long heldMillis = (trickled.endNanos() - trickled.requestNanos()) / 1_000_000;
        System.out.printf("status line at 5 bytes/s: the client hung up after %d ms: %s%n", heldMillis, outcome);
        assertTrue(trickled.clientHungUp());
        assertTrue(heldMillis < DEADLINE.toMillis() + 1500, heldMillis + " ms, deadline " + DEADLINE.toMillis());
    }
}

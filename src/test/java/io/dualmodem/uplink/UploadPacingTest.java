package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.RecordingServer;
import io.dualmodem.testing.RecordingServer.Mode;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * One request per attempt — HttpClient's own retry of 429 and 503 is off — and a {@code Retry-After} (seconds or
 * an HTTP date) holds the next request back as long as the server asked, though the back-off here is 0.1–0.3 s and
 * the breaker opens for 1 s.
 */
class UploadPacingTest extends AppRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        // HttpClient resends a 429 or 503 by itself only when its pause (1 s, or Retry-After) fits in the response timeout
        p.put("uplink.response-timeout", "5s");
        return p;
    }

    @Test
    void a503CostsOneRequestPerAttempt() {
        oneRequestPerAttempt(503);
    }

    @Test
    void a429CostsOneRequestPerAttempt() {
        oneRequestPerAttempt(429);
    }

    private void oneRequestPerAttempt(int status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 2);
        long faultsBefore = uploader().faultCount(Fault.SERVER);
        int requestsBefore = server.requests();
        server.errorStatus(status);
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.SERVER) >= faultsBefore + 6);
        long attempts = uploader().faultCount(Fault.SERVER) - faultsBefore;
        int requests = server.requests() - requestsBefore;
        System.out.printf("HTTP %d: %d requests for %d attempts%n", status, requests, attempts);
        assertTrue(requests >= attempts && requests <= attempts + 1, requests + " requests for " + attempts + " attempts");
    }

    @Test
    void retryAfterInSecondsHoldsTheNextRequestBack() {
        retryAfterIsHonoured(() -> "2", Duration.ofSeconds(2), 2);
    }

    @Test
    void retryAfterAsAnHttpDateHoldsTheNextRequestBack() {
        // a fixed moment 3 s ahead, measured against the answer's Date header (whole seconds): only the first
        // request after it waits; by the second, that moment has passed
        retryAfterIsHonoured(() -> DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3)),
                Duration.ofSeconds(2), 1);
    }

    private void retryAfterIsHonoured(Supplier<String> retryAfter, Duration atLeast, int gaps) {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 2);
        int first = server.requests();
        server.retryAfter(retryAfter.get());
        server.errorStatus(503);
        // a request already on its way when the server turned may still have been accepted: count from the first 503
        await().atMost(Duration.ofSeconds(20)).until(() -> errorsSince(first) >= 1 + gaps);
        List<RecordingServer.Request> log = server.requestLog();
        int firstError = first;
        while (log.get(firstError).answeredIn() != Mode.ERROR) {
            firstError++;
        }
        for (int i = firstError + 1; i <= firstError + gaps; i++) {
            long gapMillis = (log.get(i).nanos() - log.get(i - 1).nanos()) / 1_000_000;
            System.out.printf("503 with Retry-After: next request after %d ms%n", gapMillis);
            assertTrue(gapMillis >= atLeast.toMillis() - 50, gapMillis + " ms between requests, asked " + atLeast);
        }
        server.retryAfter(null);
        server.mode(Mode.ACCEPT);
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox().depth() <= 1);
    }

    private long errorsSince(int index) {
        List<RecordingServer.Request> log = server.requestLog();
        return log.subList(index, log.size()).stream().filter(r -> r.answeredIn() == Mode.ERROR).count();
    }
}

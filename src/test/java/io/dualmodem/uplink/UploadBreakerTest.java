package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.LogLines;
import io.dualmodem.testing.RecordingServer.Mode;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker's opening and closing are one log line each, and once the server heals the uploads resume
 * within the breaker's open time (2 s here), although the uplink's own back-off (1 s doubling to 30 s) has grown
 * past it meanwhile.
 */
class UploadBreakerTest extends AppRouteTestSupport {

    private static final Duration OPEN = Duration.ofSeconds(2);

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("uplink.breaker-open-seconds", String.valueOf(OPEN.toSeconds()));
        p.put("uplink.retry-initial", "1s");
        p.put("uplink.retry-max", "30s");
        return p;
    }

    @Test
    void theBreakerOpensAndClosesOnceEachAndUploadsResumeWithinItsOpenTimeAfterTheServerHeals() {
        try (LogLines log = LogLines.of(BreakerWatch.class)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 2);
            long faultsBefore = uploader().faultCount(Fault.SERVER);
            server.errorStatus(503);
            // 1 s, 2 s, then the breaker: two failed trials later the back-off alone would be 8 s
            await().atMost(Duration.ofSeconds(30)).until(() -> uploader().faultCount(Fault.SERVER) >= faultsBefore + 5);
            assertEquals(1, log.containing("opened").size(), log.lines().toString());

            long uploadedBefore = uploader().uploadedCount();
            server.mode(Mode.ACCEPT);
            long healed = System.nanoTime();
            await().atMost(OPEN.plusSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> uploader().uploadedCount() > uploadedBefore);
            long resumedMillis = (System.nanoTime() - healed) / 1_000_000;
            System.out.printf("first upload %d ms after the server healed (breaker open time %d ms)%n", resumedMillis,
                    OPEN.toMillis());
            // within the open time and a poll, a request and a commit (slow on a loaded machine); the back-off alone: 8 s
            assertTrue(resumedMillis <= OPEN.toMillis() + 1000, resumedMillis + " ms");

            await().atMost(Duration.ofSeconds(20)).until(() -> outbox().depth() <= 1);
            assertEquals(1, log.containing("opened").size(), log.lines().toString());
            assertEquals(1, log.containing("closed").size(), log.lines().toString());
        }
    }
}

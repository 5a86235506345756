package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.RecordingServer.Request;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The primary's own {@code modem.a.max-delay}: on its line readings wait and go together, read through the real wiring. */
class UploadCadenceRouteTest extends AppRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("uplink.max-delay", "0s");
        p.put("modem.a.max-delay", "1500ms");
        p.put("uplink.batch-size", "100");
        return p;
    }

    @Test
    void onALineWithAMaxDelayReadingsWaitAndGoTogether() {
        // the policy names a from the start; the line is a's once the start-up restore has brought it up
        await().atMost(Duration.ofSeconds(20)).until(() -> "a".equals(linkWatch().policy().active())
                && linkWatch().activeDevice() != null);
        int before = server.requestLog().size() + 1; // the first may carry what waited for the line, right after a trial
        await().atMost(Duration.ofSeconds(30)).until(() -> server.requestLog().size() >= before + 4);
        List<Request> onA = server.requestLog().subList(before, before + 4);
        for (int i = 1; i < onA.size(); i++) {
            long gapMillis = (onA.get(i).nanos() - onA.get(i - 1).nanos()) / 1_000_000;
            assertTrue(gapMillis >= 1400, "requests " + gapMillis + " ms apart");
            assertTrue(onA.get(i).readings().size() >= 8, onA.get(i).readings().size() + " readings sampled 100 ms apart");
        }
        assertEquals(server.acceptedSeqs().size(), server.deliveries().size(), "each reading delivered once");
    }
}

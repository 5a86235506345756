package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dualmodem.testing.AppRouteTestSupport;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Failed uploads reach the link watch once each, and the watch alone decides when to probe. */
class LineCheckRouteTest extends AppRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("link.probe-suspect-interval", "30s");
        return p;
    }

    @Test
    void manyFailedUploadsWithinTheSuspectIntervalAreOneProbeAndOneFailedCheck() {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 1 && linkWatch().activeDevice() != null
                && linkWatch().probesRun() == 0);
        long faultsBefore = uploader().faultCount(Fault.LINK);
        simulatedNetwork().silence(simulatedNetwork().board(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.LINK) >= faultsBefore + 4);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> linkWatch().probesRun() == 1);
        assertEquals(1, linkWatch().policy().failures(), "the failed probe is one failed line check");
    }
}

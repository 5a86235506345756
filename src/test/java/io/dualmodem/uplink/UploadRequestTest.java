package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.RecordingServer.Request;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What goes on the wire with {@code uplink.gzip} on: a really compressed body, only the headers the server needs — and
 * no cookie sent back to a server that sets one (the uplink keeps no session; a cookie is bytes paid for).
 */
class UploadRequestTest extends AppRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("uplink.gzip", "true");
        p.put("uplink.batch-size", "20");
        p.put("uplink.poll-interval", "1s");
        return p;
    }

    @Test
    void bodiesAreGzippedWithContentEncodingAndCarryOnlyTheHeadersTheServerNeeds() {
        server.setCookie("AWSALB=4kx0Zq3e9vPq7t2rA1sLbW; Path=/");
        await().atMost(Duration.ofSeconds(30)).until(() -> server.requestLog().stream().anyMatch(r -> r.readings().size() >= 5));
        List<Request> requests = server.requestLog();
        for (Request r : requests) {
            assertEquals("gzip", r.headers().get("content-encoding"));
            assertEquals(Set.of("host", "content-length", "content-type", "content-encoding"), r.headers().keySet(),
                    "no User-Agent, Accept-Encoding, Connection or Cookie");
        }
        Request batch = requests.stream().filter(r -> r.readings().size() >= 5).findFirst().orElseThrow();
        int json = Payload.write(batch.readings().get(0).device(), batch.readings()).length;
        assertTrue(batch.bodyBytes() < json * 0.8, batch.bodyBytes() + " bytes on the wire for " + json + " bytes of JSON");
        assertEquals(server.acceptedSeqs().size(), server.deliveries().size(), "each reading delivered once");
    }
}

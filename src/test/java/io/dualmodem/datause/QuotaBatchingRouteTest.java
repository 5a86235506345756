package io.dualmodem.datause;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.RecordingServer.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The secondary's SIM has used its monthly quota (its count is in the data-use file the application starts with): on
 * the primary readings go live, on the secondary they wait {@code modem.over-quota-max-delay} and go together.
 */
class QuotaBatchingRouteTest extends AppRouteTestSupport {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        try {
            Path file = dir().resolve("data-use.json");
            String month = YearMonth.now(ZoneId.systemDefault()).toString();
            Files.writeString(file, "{\"months\":{\"b:gsm-3gpi-softbank\":{\"" + month
                    + "\":{\"sent\":700,\"received\":400}}}}");
            p.put("modem.data-use-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("modem.b.monthly-quota", "1kB");
        p.put("modem.over-quota-max-delay", "1500ms");
        p.put("uplink.batch-size", "100");
        return p;
    }

    @Test
    void onTheSecondaryBeyondItsQuotaReadingsWaitAndGoTogether() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> "a".equals(linkWatch().policy().active()));
        int onA = server.requestLog().size() + 4; // past the backlog of the start-up, which drains back to back
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requestLog().size() >= onA + 4);
        for (Request r : server.requestLog().subList(onA, onA + 4)) {
            assertTrue(r.readings().size() <= 3, "live on the primary: " + r.readings().size() + " readings");
        }
        String[] warnings = (String[]) jmx.getAttribute(new ObjectName("io.dualmodem:type=DataUse"), "QuotaWarnings");
        assertEquals(1, warnings.length);
        assertTrue(warnings[0].startsWith("b:gsm-3gpi-softbank ") && warnings[0].contains("(110.0 % of 1.0 kB)"),
                warnings[0]);

        String result = (String) jmx.invoke(new ObjectName("io.dualmodem:type=Modems"), "switchTo", new Object[] {"b"},
                new String[] {"java.lang.String"});
        assertTrue(result.contains("ok"), result);
        int onB = server.requestLog().size() + 1; // the first request on b may carry what waited during the switch
        await().atMost(Duration.ofSeconds(30)).until(() -> server.requestLog().size() >= onB + 3);
        List<Request> batched = server.requestLog().subList(onB, onB + 3);
        for (int i = 1; i < batched.size(); i++) {
            long gapMillis = (batched.get(i).nanos() - batched.get(i - 1).nanos()) / 1_000_000;
            assertTrue(gapMillis >= 1400, "requests on b " + gapMillis + " ms apart");
            assertTrue(batched.get(i).readings().size() >= 8, batched.get(i).readings().size() + " readings together");
        }
        assertEquals(server.acceptedSeqs().size(), server.deliveries().size(), "each reading delivered once");
    }
}

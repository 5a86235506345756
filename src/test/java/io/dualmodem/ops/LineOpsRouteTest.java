package io.dualmodem.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;

/**
 * The running application (simulation) shows data use and radio in JMX and in the {@code dual-modem/line} health
 * check. The simulated modems have no kernel interface and no radio: both say so instead of failing.
 */
class LineOpsRouteTest extends AppRouteTestSupport {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("modem.a.monthly-quota", "500MB");
        return p;
    }

    @Test
    void dataUseAndRadioAreShownWithTheirReasons() throws Exception {
        ObjectName dataUse = new ObjectName("io.dualmodem:type=DataUse");
        ObjectName radio = new ObjectName("io.dualmodem:type=Radio");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> String.valueOf(jmx.getAttribute(radio, "Unavailable")).startsWith("no ModemManager"));
        assertEquals("none: no IP interface known for modem a", jmx.getAttribute(dataUse, "Line"));
        String[] thisMonth = (String[]) jmx.getAttribute(dataUse, "ThisMonth");
        assertEquals(2, thisMonth.length);
        assertTrue(thisMonth[0].startsWith("a:gsm-3gpi-soracom ") && thisMonth[0].endsWith(
                ": sent 0 B, received 0 B (0.0 % of 500.0 MB)"), thisMonth[0]);
        assertEquals(0L, jmx.getAttribute(dataUse, "BytesThisMonthA"));
        assertArrayEquals(new String[0], (String[]) jmx.getAttribute(dataUse, "QuotaWarnings"));
        assertEquals(-1, jmx.getAttribute(radio, "SignalQuality"));

        HealthCheck.Result line = HealthCheckRegistry.get(context).getCheck("line").orElseThrow().call();
        assertEquals(HealthCheck.State.UP, line.getState());
        Map<String, Object> details = line.getDetails();
        assertTrue(String.valueOf(details.get("data-use.a")).contains("of 500.0 MB"), details.toString());
        assertTrue(String.valueOf(details.get("radio")).contains("no ModemManager"), details.toString());
    }
}

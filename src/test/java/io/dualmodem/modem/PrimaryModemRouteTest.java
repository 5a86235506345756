package io.dualmodem.modem;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** {@code modem.primary=b} makes b the line the policy stays on and fails back to. */
class PrimaryModemRouteTest extends AppRouteTestSupport {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("modem.primary", "b");
        return p;
    }

    @Test
    void theConfiguredPrimaryIsThePoliciesPrimary() throws Exception {
        ObjectName failover = new ObjectName("io.dualmodem:type=Failover");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "b".equals(jmx.getAttribute(failover, "ActiveModem"))
                && linkWatch().activeDevice() != null);
        assertEquals("ON_PRIMARY", jmx.getAttribute(failover, "State"));
        assertNull(jmx.getAttribute(failover, "FailBackAt"));
        assertEquals("b", jmx.getAttribute(new ObjectName("io.dualmodem:type=Modems"), "PrimaryModem"));

        String toA = linkWatch().switchTo("a").text();
        assertTrue(toA.contains("b -> a (operator via JMX): ok"), toA);
        assertEquals("ON_SECONDARY", jmx.getAttribute(failover, "State"));
        assertNotNull(jmx.getAttribute(failover, "FailBackAt"), "a is the secondary: the policy will fail back to b");
    }
}

package io.dualmodem.failover;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Properties;
import javax.management.ObjectName;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;

/**
 * The Pi's hardware on a machine whose GPIO chip cannot be opened (this one has none, and Pi4J's gpiod
 * natives are built for the Pi only): readings are still taken and sent, and modem control shows as
 * unavailable in JMX and in health while it is tried again.
 */
class ModemControlUnavailableRouteTest extends AppRouteTestSupport {

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("hardware.mode", "pi");
        p.put("modem.retry-unavailable", "1s");
        return p;
    }

    @Test
    void readingsGoOnAndTheCauseIsShownInJmxAndHealth() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 5);
        Object jmx = ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("io.dualmodem:type=Telemetry"),
                "ModemControl");
        assertTrue(String.valueOf(jmx).startsWith("unavailable: no /dev/gpiochip0"), String.valueOf(jmx));
        Object health = HealthCheckRegistry.get(context).getCheck("uplink").orElseThrow().call().getDetails()
                .get("modem.control");
        assertTrue(String.valueOf(health).startsWith("unavailable: no /dev/gpiochip0"), String.valueOf(health));
        assertTrue(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.dualmodem:type=Modems"), null)
                .isEmpty(), "no modem MBeans while modem control is not running");
    }
}

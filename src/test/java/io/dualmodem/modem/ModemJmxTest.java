package io.dualmodem.modem;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The modems seen and driven through JMX, on the running application in simulation. */
class ModemJmxTest extends AppRouteTestSupport {

    private static final String SECRET = "Secr3t-apn-pw";
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("modem.a.password", SECRET);
        p.put("modem.power-pulse", "500ms");
        p.put("modem.status-poll", "50ms");
        return p;
    }

    @Test
    void operatorSeesTheActiveModemAndCanSwitchAndPowerCycle() throws Exception {
        ObjectName modems = new ObjectName("io.dualmodem:type=Modems");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> String.valueOf(jmx.getAttribute(modems, "ActiveModem")).startsWith("a "));
        assertEquals("a", jmx.getAttribute(modems, "PrimaryModem"));

        String result = (String) jmx.invoke(modems, "switchNow", new Object[0], new String[0]);
        assertTrue(result.contains("a -> b (operator via JMX): ok"), result);
        assertTrue(String.valueOf(jmx.getAttribute(modems, "ActiveModem")).startsWith("b "));
        assertEquals("refused: already on b", jmx.invoke(modems, "switchTo", new Object[] {"b"}, new String[] {"java.lang.String"}));
        ObjectName failover = new ObjectName("io.dualmodem:type=Failover");
        assertEquals("b", jmx.getAttribute(failover, "ActiveModem"), "the policy knows of the operator's switch");
        assertEquals("ON_SECONDARY", jmx.getAttribute(failover, "State"));
        assertTrue(jmx.getAttribute(failover, "FailBackAt") != null, "a fail-back is scheduled");
        String[] history = (String[]) jmx.getAttribute(modems, "SwitchHistory");
        assertEquals(2, history.length, Arrays.toString(history));

        ObjectName boardA = new ObjectName("io.dualmodem:type=ModemBoard,name=a");
        assertEquals(false, jmx.getAttribute(boardA, "StatusOn"));
        ObjectName boardB = new ObjectName("io.dualmodem:type=ModemBoard,name=b");
        String cycle = (String) jmx.invoke(boardB, "powerCycle", new Object[0], new String[0]);
        assertTrue(cycle.contains("b -> b (power-cycle by operator via JMX): ok"), cycle);
        assertEquals(true, jmx.getAttribute(boardB, "StatusOn"));
        String refused = (String) jmx.invoke(boardA, "powerCycle", new Object[0], new String[0]);
        assertTrue(refused.startsWith("refused: a is not the active modem"), refused);
        assertEquals(false, jmx.getAttribute(boardA, "StatusOn"));
        assertEquals(null, jmx.getAttribute(modems, "StateFileError"));

        for (ObjectName name : jmx.queryNames(new ObjectName("io.dualmodem:*"), null)) {
            for (MBeanAttributeInfo attribute : jmx.getMBeanInfo(name).getAttributes()) {
                Object value = jmx.getAttribute(name, attribute.getName());
                String text = value instanceof Object[] array ? Arrays.toString(array) : String.valueOf(value);
                assertFalse(text.contains(SECRET), name + " " + attribute.getName() + " shows the password");
            }
        }
    }
}

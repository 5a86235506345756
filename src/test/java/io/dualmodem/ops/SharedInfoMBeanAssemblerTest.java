package io.dualmodem.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Camel's MBeans of one class share their info, and each still answers for its own object. */
class SharedInfoMBeanAssemblerTest extends AppRouteTestSupport {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Test
    void routesShareOneInfoAndEachShowsItsOwnRoute() throws Exception {
        ObjectName sample = route("sample-temperature");
        ObjectName upload = route("upload-readings");
        assertSame(jmx.getMBeanInfo(sample).getAttributes()[0], jmx.getMBeanInfo(upload).getAttributes()[0],
                "one info per class, not one per MBean");
        assertEquals("sample-temperature", jmx.getAttribute(sample, "RouteId"));
        assertEquals("upload-readings", jmx.getAttribute(upload, "RouteId"));
        assertTrue(((String) jmx.getAttribute(upload, "EndpointUri")).startsWith("scheduler://upload"));
        assertTrue(((String) jmx.getAttribute(sample, "EndpointUri")).startsWith("scheduler://sample"));
    }

    @Test
    void anOperationActsOnItsOwnRoute() throws Exception {
        ObjectName upload = route("upload-readings");
        String xml = (String) jmx.invoke(upload, "dumpRouteAsXml", new Object[0], new String[0]);
        assertTrue(xml.contains("upload-readings"), xml);
        List<String> operations = List.of(jmx.getMBeanInfo(upload).getOperations()).stream()
                .map(MBeanOperationInfo::getName).toList();
        assertTrue(operations.contains("stop"), operations.toString());
        jmx.invoke(upload, "stop", new Object[0], new String[0]);
        assertEquals("Stopped", jmx.getAttribute(upload, "State"));
        assertEquals("Started", jmx.getAttribute(route("sample-temperature"), "State"), "only that route stopped");
    }

    private ObjectName route(String id) throws Exception {
        return new ObjectName("org.apache.camel:context=" + context.getName() + ",type=routes,name=\"" + id + "\"");
    }
}
